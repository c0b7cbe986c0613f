'use client';

import type { ProfileView } from '@app/core/users';
import { type FormEvent, useEffect, useState } from 'react';
import { ChangePasswordSection } from '@/components/account/change-password-section';
import { DeleteAccountSection } from '@/components/account/delete-account-section';
import { TotpSection } from '@/components/account/totp-section';
import { useApp } from '@/components/app-context';
import { SubmitButton, TextField } from '@/components/form';
import { type Message, MessageRegion } from '@/components/message-region';
import { LoadingStatus, Notice, SessionExpiredNotice } from '@/components/notice';
import { RequireAuth } from '@/components/require-auth';
import { ApiError, errorMessage, isSessionProblem } from '@/lib/api';
import { formatDate } from '@/lib/format';

const NAME_MAX = 80;

function MyProfile() {
  const { api, user, setDisplayName } = useApp();
  const [profile, setProfile] = useState<ProfileView | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(null);

  useEffect(() => {
    api<ProfileView>('GET', '/me').then(
      ({ body }) => {
        setProfile(body);
        setName(body.displayName);
      },
      (e) => setLoadError(e),
    );
  }, [api]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const displayName = name.trim();
    if (!displayName) return setFieldError('Enter a name, or keep the one you have.');
    if (displayName.length > NAME_MAX) return setFieldError(`At most ${NAME_MAX} characters.`);
    setFieldError(null);
    setBusy(true);
    try {
      const { body } = await api<ProfileView>('PATCH', '/me', { body: { displayName } });
      setProfile(body);
      setName(body.displayName);
      setDisplayName(body.displayName);
      setMessage({
        kind: 'success',
        text: 'Saved. All your posts, old and new, now show this name (public blog pages may take up to 5 minutes to catch up).',
      });
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) setFieldError(e.message);
      else setMessage({ kind: 'error', text: `Could not save: ${errorMessage(e)}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="narrow">
      <title>Profile · MyTodoList + MyBlog</title>
      <h1>Profile</h1>
      {isSessionProblem(loadError) ? <SessionExpiredNotice next="/profile" /> : null}
      {loadError && !isSessionProblem(loadError) ? (
        <Notice kind="error" testId="profile-error">
          Could not load your profile: {errorMessage(loadError)}
        </Notice>
      ) : null}
      <MessageRegion message={message} testId="profile-message" />
      {!profile && !loadError ? <LoadingStatus>Loading your profile…</LoadingStatus> : null}
      {profile ? (
        <form className="card" onSubmit={save}>
          <dl style={{ margin: '0 0 1rem' }}>
            <dt className="label">Email</dt>
            <dd style={{ margin: '0 0 0.75rem' }} data-testid="profile-email">
              {profile.email || user?.email}
            </dd>
            <dt className="label">Member since</dt>
            <dd style={{ margin: 0 }}>{formatDate(profile.createdAt)}</dd>
          </dl>
          <TextField
            label="Display name"
            hint="Shown as the author of your posts."
            autoComplete="nickname"
            maxLength={NAME_MAX + 20}
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={fieldError}
            testId="profile-name"
          />
          <SubmitButton busy={busy} busyLabel="Saving…" testId="profile-save">
            Save
          </SubmitButton>
        </form>
      ) : null}
      {profile ? (
        <>
          <TotpSection email={profile.email || user?.email || ''} />
          <ChangePasswordSection />
          <DeleteAccountSection />
        </>
      ) : null}
    </div>
  );
}

export default function ProfilePage() {
  return (
    <RequireAuth>
      <MyProfile />
    </RequireAuth>
  );
}
