'use client';

import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import type { TotpSetup } from '@/lib/auth';
import { useApp } from '../app-context';
import { AuthErrorNotice, useAuthForm } from '../auth-form';
import { CodeField, SubmitButton } from '../form';
import { type Message, MessageRegion } from '../message-region';

/** Whether two-step sign-in is on, and the one button that changes it. */
function TotpStatus({
  action,
  quiet,
  onAction,
  busy,
  testId,
  children,
}: {
  action: string;
  quiet?: boolean;
  onAction: () => Promise<unknown>;
  busy: boolean;
  testId: string;
  children: ReactNode;
}) {
  return (
    <>
      <p data-testid="totp-status">{children}</p>
      <button
        type="button"
        className={quiet ? 'button button-quiet' : 'button'}
        onClick={() => void onAction()}
        disabled={busy}
        data-testid={testId}
      >
        {action}
      </button>
    </>
  );
}

/** Optional two-step sign-in with an authenticator app (Cognito software-token MFA). */
export function TotpSection({ email }: { email: string }) {
  const { auth } = useApp();
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [code, setCode] = useState('');
  const [message, setMessage] = useState<Message | null>(null);
  const { busy, error, run } = useAuthForm();

  useEffect(() => {
    auth.totpEnabled().then(setEnabled, () => setEnabled(false));
  }, [auth]);

  /** Runs one authenticator step on this page and says what it did. */
  const step = (action: () => Promise<void>, success?: string) =>
    run(
      async () => {
        setMessage(null);
        await action();
        if (success) setMessage({ kind: 'success', text: success });
      },
      { staysOnPage: true },
    );

  const start = () =>
    step(async () => {
      setSetup(await auth.startTotpSetup(email));
    });

  function finish(event: FormEvent) {
    event.preventDefault();
    void step(async () => {
      await auth.finishTotpSetup(code);
      setSetup(null);
      setCode('');
      setEnabled(true);
    }, 'Authenticator app added. Sign-in now asks for a code from it.');
  }

  const disable = () =>
    step(async () => {
      await auth.disableTotp();
      setEnabled(false);
    }, 'Authenticator app removed. Sign-in asks for your password only.');

  return (
    <section className="card" aria-labelledby="totp-heading" data-testid="totp-section">
      <h2 id="totp-heading">Two-step sign-in</h2>
      <MessageRegion message={message} testId="totp-message" />
      <AuthErrorNotice error={error} testId="totp-error" />
      {enabled === null ? <p className="muted">Checking…</p> : null}
      {enabled === true ? (
        <TotpStatus action="Turn off" quiet onAction={disable} busy={busy} testId="totp-disable">
          On: sign-in asks for a code from your authenticator app.
        </TotpStatus>
      ) : null}
      {enabled === false && !setup ? (
        <TotpStatus action="Add an authenticator app" onAction={start} busy={busy} testId="totp-start">
          Off. Add an authenticator app (such as 1Password, Google Authenticator or Aegis) so that sign-in
          also asks for a code from it.
        </TotpStatus>
      ) : null}
      {setup ? (
        <form onSubmit={finish}>
          <p>
            In your authenticator app, add an account with this key, or open the link on a device that has the
            app.
          </p>
          <p>
            <span className="label">Key</span>{' '}
            <code data-testid="totp-secret" style={{ wordBreak: 'break-all' }}>
              {setup.secret}
            </code>
          </p>
          <p>
            <a href={setup.uri} data-testid="totp-uri">
              Open in authenticator app
            </a>
          </p>
          <CodeField label="Code from the app" value={code} onValueChange={setCode} testId="totp-code" />
          <SubmitButton busy={busy} busyLabel="Checking…" testId="totp-verify">
            Turn on
          </SubmitButton>
        </form>
      ) : null}
    </section>
  );
}
