'use client';

import { type FormEvent, useEffect, useState } from 'react';
import type { TotpSetup } from '@/lib/auth';
import { useApp } from '../app-context';
import { AuthErrorNotice, useAuthForm } from '../auth-form';
import { CodeField, SubmitButton } from '../form';
import { type Message, MessageRegion } from '../message-region';

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

  const start = () =>
    run(
      async () => {
        setMessage(null);
        setSetup(await auth.startTotpSetup(email));
      },
      { staysOnPage: true },
    );

  function finish(event: FormEvent) {
    event.preventDefault();
    void run(
      async () => {
        await auth.finishTotpSetup(code);
        setSetup(null);
        setCode('');
        setEnabled(true);
        setMessage({
          kind: 'success',
          text: 'Authenticator app added. Sign-in now asks for a code from it.',
        });
      },
      { staysOnPage: true },
    );
  }

  const disable = () =>
    run(
      async () => {
        await auth.disableTotp();
        setEnabled(false);
        setMessage({
          kind: 'success',
          text: 'Authenticator app removed. Sign-in asks for your password only.',
        });
      },
      { staysOnPage: true },
    );

  return (
    <section className="card" aria-labelledby="totp-heading" data-testid="totp-section">
      <h2 id="totp-heading">Two-step sign-in</h2>
      <MessageRegion message={message} testId="totp-message" />
      <AuthErrorNotice error={error} testId="totp-error" />
      {enabled === null ? <p className="muted">Checking…</p> : null}
      {enabled === true ? (
        <>
          <p data-testid="totp-status">On: sign-in asks for a code from your authenticator app.</p>
          <button
            type="button"
            className="button button-quiet"
            onClick={() => void disable()}
            disabled={busy}
            data-testid="totp-disable"
          >
            Turn off
          </button>
        </>
      ) : null}
      {enabled === false && !setup ? (
        <>
          <p data-testid="totp-status">
            Off. Add an authenticator app (such as 1Password, Google Authenticator or Aegis) so that sign-in
            also asks for a code from it.
          </p>
          <button
            type="button"
            className="button"
            onClick={() => void start()}
            disabled={busy}
            data-testid="totp-start"
          >
            Add an authenticator app
          </button>
        </>
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
