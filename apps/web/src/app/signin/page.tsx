'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import { useApp } from '@/components/app-context';
import { AuthErrorNotice, useAuthForm } from '@/components/auth-form';
import { CodeField, CurrentPasswordField, EmailField, SubmitButton } from '@/components/form';
import { Notice } from '@/components/notice';
import { SearchParamsBoundary } from '@/components/search-params-boundary';
import type { SignInStep } from '@/lib/auth';
import { safeNext } from '@/lib/navigation';

type TotpStep = Extract<SignInStep, { kind: 'totpRequired' }>;

/** The second step of a sign-in with an authenticator app: the six-digit code. */
function TotpForm({ step, onDone }: { step: TotpStep; onDone: () => Promise<void> }) {
  const [code, setCode] = useState('');
  const { busy, error, run } = useAuthForm();
  return (
    <>
      <AuthErrorNotice error={error} testId="signin-totp-error" />
      <form
        className="card"
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            await step.submitCode(code);
            await onDone();
          });
        }}
      >
        <p style={{ marginTop: 0 }}>Enter the 6-digit code from your authenticator app.</p>
        <CodeField label="Code" value={code} onValueChange={setCode} testId="signin-totp-code" autoFocus />
        <SubmitButton busy={busy} busyLabel="Checking…" testId="signin-totp-submit">
          Sign in
        </SubmitButton>
      </form>
    </>
  );
}

function SignIn() {
  const { auth, status, reloadSession } = useApp();
  const router = useRouter();
  const params = useSearchParams();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAuthForm();
  const [totp, setTotp] = useState<TotpStep | null>(null);
  // The banners of the page that sent the user here (confirmed, reset) stop applying once they try.
  const [tried, setTried] = useState(false);

  useEffect(() => {
    if (status === 'signedIn') router.replace(next);
  }, [status, next, router]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    void run(async () => {
      const step = await auth.signIn(email, password);
      if (step.kind === 'totpRequired') {
        setTotp(step);
        return;
      }
      await finish();
    });
  }

  async function finish() {
    await reloadSession();
    router.replace(next);
  }

  const reason = params.get('reason');
  const confirmHref = `/confirm?${new URLSearchParams({ email, next }).toString()}`;
  return (
    <div className="narrow">
      <title>Sign in · MyTodoList + MyBlog</title>
      <h1>Sign in</h1>
      {totp ? <TotpForm step={totp} onDone={finish} /> : null}
      {!totp && reason === 'expired' ? (
        <Notice kind="warning" testId="signin-expired">
          Your session has expired. Please sign in again.
        </Notice>
      ) : null}
      {!tried && reason === 'required' ? (
        <Notice kind="info" testId="signin-required">
          Please sign in to see that page. You will come back to it after.
        </Notice>
      ) : null}
      {!tried && params.get('confirmed') ? (
        <Notice kind="success" testId="signin-confirmed">
          Your account is confirmed. Sign in to start.
        </Notice>
      ) : null}
      {!tried && params.get('reset') ? (
        <Notice kind="success" testId="signin-reset">
          Your password has been changed. Sign in with the new one.
        </Notice>
      ) : null}
      {totp ? null : (
        <>
          <AuthErrorNotice error={error} testId="signin-error">
            {error?.code === 'UserNotConfirmedException' ? (
              <Link href={confirmHref} data-testid="signin-confirm-link">
                Confirm your account
              </Link>
            ) : null}
          </AuthErrorNotice>
          <form className="card" onSubmit={onSubmit} noValidate={false}>
            <EmailField value={email} onValueChange={setEmail} testId="signin-email" />
            <CurrentPasswordField value={password} onValueChange={setPassword} testId="signin-password" />
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
        </>
      )}
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
