'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, Suspense, useEffect, useState } from 'react';
import { useApp } from '@/components/app-context';
import { PasswordField, safeNext, TextField } from '@/components/form';
import { Notice } from '@/components/notice';
import { type AuthError, toAuthError } from '@/lib/auth';

function SignIn() {
  const { auth, status, reloadSession } = useApp();
  const router = useRouter();
  const params = useSearchParams();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AuthError | null>(null);

  useEffect(() => {
    if (status === 'signedIn') router.replace(next);
  }, [status, next, router]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await auth.signIn(email, password);
      await reloadSession();
      router.replace(next);
    } catch (e) {
      setError(toAuthError(e));
      setBusy(false);
    }
  }

  const reason = params.get('reason');
  const confirmHref = `/confirm?${new URLSearchParams({ email, next }).toString()}`;
  return (
    <div className="narrow">
      <title>Sign in · MyTodoList + MyBlog</title>
      <h1>Sign in</h1>
      {reason === 'expired' ? (
        <Notice kind="warning" testId="signin-expired">
          Your session has expired. Please sign in again.
        </Notice>
      ) : null}
      {params.get('confirmed') ? (
        <Notice kind="success" testId="signin-confirmed">
          Your account is confirmed. Sign in to start.
        </Notice>
      ) : null}
      {params.get('reset') ? (
        <Notice kind="success" testId="signin-reset">
          Your password has been changed. Sign in with the new one.
        </Notice>
      ) : null}
      {error ? (
        <Notice kind="error" testId="signin-error">
          {error.message}{' '}
          {error.code === 'UserNotConfirmedException' ? (
            <Link href={confirmHref} data-testid="signin-confirm-link">
              Confirm your account
            </Link>
          ) : null}
        </Notice>
      ) : null}
      <form className="card" onSubmit={onSubmit} noValidate={false}>
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          testId="signin-email"
        />
        <PasswordField
          label="Password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          testId="signin-password"
        />
        <div className="row">
          <button type="submit" className="button" disabled={busy} data-testid="signin-submit">
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
          <span className="spacer" />
          <Link
            href={`/forgot-password?${new URLSearchParams({ email }).toString()}`}
            data-testid="signin-forgot"
          >
            Forgot password?
          </Link>
        </div>
      </form>
      <p className="muted">
        New here? <Link href={`/signup?${new URLSearchParams({ next }).toString()}`}>Create an account</Link>.
      </p>
    </div>
  );
}

export default function SignInPage() {
  return (
    <Suspense fallback={<p className="page-status">Loading…</p>}>
      <SignIn />
    </Suspense>
  );
}
