'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, Suspense, useState } from 'react';
import { useApp } from '@/components/app-context';
import { safeNext, TextField } from '@/components/form';
import { Notice } from '@/components/notice';
import { type AuthError, toAuthError } from '@/lib/auth';

function Confirm() {
  const { auth, config } = useApp();
  const router = useRouter();
  const params = useSearchParams();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AuthError | null>(null);
  const [info, setInfo] = useState<string | null>(
    params.get('sent')
      ? 'We sent a 6-digit code to your email. Enter it below to confirm your account.'
      : null,
  );

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await auth.confirmSignUp(email, code);
      router.push(
        `/signin?${new URLSearchParams({ email: email.trim().toLowerCase(), next, confirmed: '1' }).toString()}`,
      );
    } catch (e) {
      setError(toAuthError(e));
      setBusy(false);
    }
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
          Locally, codes arrive in the{' '}
          <a href={config.mailboxUrl} target="_blank" rel="noreferrer">
            local mailbox
          </a>
          .
        </Notice>
      ) : null}
      {error ? (
        <Notice kind="error" testId="confirm-error">
          {error.message}
        </Notice>
      ) : null}
      <form className="card" onSubmit={onSubmit}>
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          testId="confirm-email"
        />
        <TextField
          label="Confirmation code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          hint="6 digits, from the email we sent you."
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
          testId="confirm-code"
        />
        <div className="row">
          <button type="submit" className="button" disabled={busy} data-testid="confirm-submit">
            {busy ? 'Confirming…' : 'Confirm'}
          </button>
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
    <Suspense fallback={<p className="page-status">Loading…</p>}>
      <Confirm />
    </Suspense>
  );
}
