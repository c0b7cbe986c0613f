'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { useApp } from '@/components/app-context';
import { AuthErrorNotice, LocalMailboxHint, useAuthForm } from '@/components/auth-form';
import { CodeField, EmailField, SubmitButton } from '@/components/form';
import { Notice } from '@/components/notice';
import { SearchParamsBoundary } from '@/components/search-params-boundary';
import { toAuthError } from '@/lib/auth';
import { safeNext } from '@/lib/navigation';

function Confirm() {
  const { auth, config } = useApp();
  const router = useRouter();
  const params = useSearchParams();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [code, setCode] = useState('');
  const { busy, error, setError, run } = useAuthForm();
  const [info, setInfo] = useState<string | null>(
    params.get('sent')
      ? 'We sent a 6-digit code to your email. Enter it below to confirm your account.'
      : null,
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      await auth.confirmSignUp(email, code);
      router.push(
        `/signin?${new URLSearchParams({ email: email.trim().toLowerCase(), next, confirmed: '1' }).toString()}`,
      );
    });
  }

  async function resend() {
    setError(null);
    setInfo(null);
    if (!email.trim()) {
      setError(toAuthError({ code: 'InvalidParameterException', message: 'Enter your email first.' }));
      return;
    }
    try {
      await auth.resendCode(email);
      setInfo('A new code is on its way. Codes from earlier emails no longer work.');
    } catch (e) {
      setError(toAuthError(e));
    }
  }

  return (
    <div className="narrow">
      <title>Confirm your account · MyTodoList + MyBlog</title>
      <h1>Confirm your account</h1>
      {info ? (
        <Notice kind="info" testId="confirm-info">
          {info}
        </Notice>
      ) : null}
      {config.local && config.mailboxUrl ? (
        <Notice kind="info" testId="confirm-local-hint">
          <LocalMailboxHint />
        </Notice>
      ) : null}
      <AuthErrorNotice error={error} testId="confirm-error" />
      <form className="card" onSubmit={onSubmit}>
        <EmailField value={email} onValueChange={setEmail} testId="confirm-email" />
        <CodeField
          label="Confirmation code"
          pattern="[0-9]{6}"
          hint="6 digits, from the email we sent you."
          value={code}
          onValueChange={setCode}
          testId="confirm-code"
        />
        <div className="row">
          <SubmitButton busy={busy} busyLabel="Confirming…" testId="confirm-submit">
            Confirm
          </SubmitButton>
          <span className="spacer" />
          <button type="button" className="button-link" onClick={resend} data-testid="confirm-resend">
            Send a new code
          </button>
        </div>
      </form>
    </div>
  );
}

export default function ConfirmPage() {
  return (
    <SearchParamsBoundary>
      <Confirm />
    </SearchParamsBoundary>
  );
}
