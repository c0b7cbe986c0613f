'use client';

import { type FormEvent, useEffect, useState } from 'react';
import { useApp } from '@/components/app-context';
import { TextField } from '@/components/form';
import { Notice, SessionExpiredNotice } from '@/components/notice';
import { RequireAuth } from '@/components/require-auth';
import { ApiError, errorMessage, isSessionProblem } from '@/lib/api';
import { formatDate } from '@/lib/format';
import type { Profile } from '@/lib/types';

const NAME_MAX = 80;

function ProfileView() {
  const { api, user } = useApp();
  const [profile, setProfile] = useState<Profile | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);

  useEffect(() => {
    api<Profile>('GET', '/me').then(
      ({ body }) => {
        setProfile(body);
        setName(body.displayName ?? '');
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
      const { body } = await api<Profile>('PATCH', '/me', { body: { displayName } });
      setProfile(body);
      setName(body.displayName ?? '');
      setMessage({ kind: 'success', text: 'Saved. New posts show this name.' });
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
      <div aria-live="polite">
        {message ? (
          <Notice kind={message.kind} testId="profile-message">
            {message.text}
          </Notice>
        ) : null}
      </div>
      {!profile && !loadError ? (
        <p className="page-status" role="status">
          Loading your profile…
        </p>
      ) : null}
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
          <button type="submit" className="button" disabled={busy} data-testid="profile-save">
            {busy ? 'Saving…' : 'Save'}
          </button>
        </form>
      ) : null}
    </div>
  );
}

export default function ProfilePage() {
  return (
    <RequireAuth>
      <ProfileView />
    </RequireAuth>
  );
}
