'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, Suspense, useState } from 'react';
import { useApp } from '@/components/app-context';
import { PasswordField, TextField } from '@/components/form';
import { Notice } from '@/components/notice';
import { type AuthError, passwordProblems, toAuthError } from '@/lib/auth';

function ForgotPassword() {
  const { auth, config } = useApp();
  const router = useRouter();
  const params = useSearchParams();
  const [step, setStep] = useState<'email' | 'reset'>('email');
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AuthError | null>(null);
  const [weak, setWeak] = useState<string | null>(null);

  async function sendCode(event?: FormEvent) {
    event?.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await auth.forgotPassword(email);
      setStep('reset');
    } catch (e) {
      setError(toAuthError(e));
    } finally {
      setBusy(false);
    }
  }

  async function reset(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const problems = passwordProblems(password);
    if (problems.length > 0) {
      setWeak(`The password needs ${problems.join(', ')}.`);
      return;
    }
    setBusy(true);
    try {
      await auth.confirmForgotPassword(email, code, password);
      router.push(
        `/signin?${new URLSearchParams({ email: email.trim().toLowerCase(), reset: '1' }).toString()}`,
      );
    } catch (e) {
      setError(toAuthError(e));
      setBusy(false);
    }
  }

  return (
    <div className="narrow">
      <title>Reset your password · MyTodoList + MyBlog</title>
      <h1>Reset your password</h1>
      {error ? (
        <Notice kind="error" testId="forgot-error">
          {error.message}
        </Notice>
      ) : null}
      {step === 'email' ? (
        <form className="card" onSubmit={sendCode}>
          <p className="muted" style={{ marginTop: 0 }}>
            We will email you a code to set a new password.
          </p>
          <TextField
            label="Email"
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            testId="forgot-email"
          />
          <button type="submit" className="button" disabled={busy} data-testid="forgot-send">
            {busy ? 'Sending…' : 'Send code'}
          </button>
        </form>
      ) : (
        <form className="card" onSubmit={reset}>
          <Notice kind="info" testId="forgot-sent">
            If an account exists for {email}, a code is on its way.
            {config.local && config.mailboxUrl ? (
              <>
                {' '}
                Locally, codes arrive in the{' '}
                <a href={config.mailboxUrl} target="_blank" rel="noreferrer">
                  local mailbox
                </a>
                .
              </>
            ) : null}
          </Notice>
          <TextField
            label="Code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            required
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
            testId="forgot-code"
          />
          <PasswordField
            label="New password"
            name="new-password"
            autoComplete="new-password"
            required
            showRules
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
              setWeak(null);
            }}
            error={weak}
            testId="forgot-password"
          />
          <div className="row">
            <button type="submit" className="button" disabled={busy} data-testid="forgot-submit">
              {busy ? 'Saving…' : 'Set new password'}
            </button>
            <span className="spacer" />
            <button type="button" className="button-link" onClick={() => void sendCode()}>
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
    <Suspense fallback={<p className="page-status">Loading…</p>}>
      <ForgotPassword />
    </Suspense>
  );
}
