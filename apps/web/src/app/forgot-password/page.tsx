'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { useApp } from '@/components/app-context';
import { AuthErrorNotice, LocalMailboxHint, useAuthForm, useNewPassword } from '@/components/auth-form';
import { CodeField, EmailField, NewPasswordField, SubmitButton } from '@/components/form';
import { Notice } from '@/components/notice';
import { SearchParamsBoundary } from '@/components/search-params-boundary';

function ForgotPassword() {
  const { auth } = useApp();
  const router = useRouter();
  const params = useSearchParams();
  const [step, setStep] = useState<'email' | 'reset'>('email');
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [code, setCode] = useState('');
  const [sentTo, setSentTo] = useState('');
  const newPassword = useNewPassword();
  const { busy, error, setError, run } = useAuthForm();

  function sendCode(event?: FormEvent) {
    event?.preventDefault();
    void run(
      async () => {
        await auth.forgotPassword(email);
        setSentTo(email.trim().toLowerCase());
        setStep('reset');
      },
      { staysOnPage: true },
    );
  }

  function reset(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!newPassword.check()) return;
    void run(async () => {
      await auth.confirmForgotPassword(email, code, newPassword.password);
      router.push(
        `/signin?${new URLSearchParams({ email: email.trim().toLowerCase(), reset: '1' }).toString()}`,
      );
    });
  }

  return (
    <div className="narrow">
      <title>Reset your password · MyTodoList + MyBlog</title>
      <h1>Reset your password</h1>
      <AuthErrorNotice error={error} testId="forgot-error" />
      {step === 'email' ? (
        <form className="card" onSubmit={sendCode}>
          <p className="muted" style={{ marginTop: 0 }}>
            We will email you a code to set a new password.
          </p>
          <EmailField value={email} onValueChange={setEmail} testId="forgot-email" />
          <SubmitButton busy={busy} busyLabel="Sending…" testId="forgot-send">
            Send code
          </SubmitButton>
        </form>
      ) : (
        <form className="card" onSubmit={reset}>
          <Notice kind="info" testId="forgot-sent">
            If an account exists for {sentTo}, a code is on its way. <LocalMailboxHint />
          </Notice>
          <EmailField
            value={email}
            onValueChange={setEmail}
            testId="forgot-reset-email"
            hint="A typo? Correct it and send a new code."
          />
          <CodeField label="Code" value={code} onValueChange={setCode} testId="forgot-code" />
          <NewPasswordField label="New password" testId="forgot-password" {...newPassword.field} />
          <div className="row">
            <SubmitButton busy={busy} busyLabel="Saving…" testId="forgot-submit">
              Set new password
            </SubmitButton>
            <span className="spacer" />
            <button type="button" className="button-link" onClick={() => sendCode()}>
              Send a new code
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

export default function ForgotPasswordPage() {
  return (
    <SearchParamsBoundary>
      <ForgotPassword />
    </SearchParamsBoundary>
  );
}
