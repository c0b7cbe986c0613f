'use client';

import { type FormEvent, useState } from 'react';
import { useApp } from '../app-context';
import { AuthErrorNotice, useAuthForm, useNewPassword } from '../auth-form';
import { CurrentPasswordField, NewPasswordField, SubmitButton } from '../form';
import { type Message, MessageRegion } from '../message-region';

export function ChangePasswordSection() {
  const { auth } = useApp();
  const [current, setCurrent] = useState('');
  const newPassword = useNewPassword();
  const [message, setMessage] = useState<Message | null>(null);
  const { busy, error, setError, run } = useAuthForm();

  function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    setError(null);
    if (!newPassword.check()) return;
    void run(
      async () => {
        await auth.changePassword(current, newPassword.password);
        setCurrent('');
        newPassword.field.onValueChange('');
        setMessage({ kind: 'success', text: 'Password changed. Use the new one next time you sign in.' });
      },
      { staysOnPage: true },
    );
  }

  return (
    <section className="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Change password</h2>
      <MessageRegion message={message} testId="password-message" />
      <AuthErrorNotice error={error} testId="password-error" />
      <form onSubmit={submit}>
        <CurrentPasswordField
          label="Current password"
          value={current}
          onValueChange={setCurrent}
          testId="password-current"
        />
        <NewPasswordField label="New password" testId="password-new" {...newPassword.field} />
        <SubmitButton busy={busy} busyLabel="Changing…" testId="password-submit">
          Change password
        </SubmitButton>
      </form>
    </section>
  );
}
