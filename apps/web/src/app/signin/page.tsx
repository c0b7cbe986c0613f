'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import { useApp } from '@/components/app-context';
import { AuthErrorNotice, useAuthForm } from '@/components/auth-form';
import { EmailField, PasswordField, SubmitButton } from '@/components/form';
import { Notice } from '@/components/notice';
import { SearchParamsBoundary } from '@/components/search-params-boundary';
import { safeNext } from '@/lib/navigation';

function SignIn() {
  const { auth, status, reloadSession } = useApp();
  const router = useRouter();
  const params = useSearchParams();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAuthForm();

  useEffect(() => {
    if (status === 'signedIn') router.replace(next);
  }, [status, next, router]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      await auth.signIn(email, password);
      await reloadSession();
      router.replace(next);
    });
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
      <AuthErrorNotice error={error} testId="signin-error">
        {error?.code === 'UserNotConfirmedException' ? (
          <Link href={confirmHref} data-testid="signin-confirm-link">
            Confirm your account
          </Link>
        ) : null}
      </AuthErrorNotice>
      <form className="card" onSubmit={onSubmit} noValidate={false}>
        <EmailField value={email} onValueChange={setEmail} testId="signin-email" />
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
          <SubmitButton busy={busy} busyLabel="Signing in…" testId="signin-submit">
            Sign in
          </SubmitButton>
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
    <SearchParamsBoundary>
      <SignIn />
    </SearchParamsBoundary>
  );
}
