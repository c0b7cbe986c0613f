'use client';

import { type ReactNode, useEffect, useState } from 'react';
import { type AuthError, passwordProblems, toAuthError } from '@/lib/auth';
import { useApp } from './app-context';
import { Notice } from './notice';

/**
 * Busy flag and error of a sign-in, sign-up, confirm or reset form. `run` clears the last error,
 * marks the form busy and turns a failure into words. After a success the form stays busy, since
 * the page is about to move on (no second click meanwhile), unless `staysOnPage` is set.
 * A page with such a form is where the sign-in library is needed: it starts loading on arrival.
 */
export function useAuthForm() {
  const { auth } = useApp();
  useEffect(() => auth.preload(), [auth]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AuthError | null>(null);

  async function run(action: () => Promise<void>, { staysOnPage = false } = {}) {
    setError(null);
    setBusy(true);
    try {
      await action();
      if (staysOnPage) setBusy(false);
    } catch (e) {
      setError(toAuthError(e));
      setBusy(false);
    }
  }

  return { busy, error, setError, run };
}

/** A new password and the sentence about the rules it misses, shown once the user submits. */
export function useNewPassword() {
  const [password, setPassword] = useState('');
  const [weak, setWeak] = useState<string | null>(null);

  /** True when the password meets every rule; otherwise the field says what is missing. */
  function check(): boolean {
    const problems = passwordProblems(password);
    setWeak(problems.length > 0 ? `The password needs ${problems.join(', ')}.` : null);
    return problems.length === 0;
  }

  const field = {
    value: password,
    error: weak,
    onValueChange(value: string) {
      setPassword(value);
      setWeak(null);
    },
  };
  return { password, check, field };
}

/** The auth error in words, with a way forward when there is one. */
export function AuthErrorNotice({
  error,
  testId,
  children,
}: {
  error: AuthError | null;
  testId: string;
  children?: ReactNode;
}) {
  if (!error) return null;
  return (
    <Notice kind="error" testId={testId}>
      {error.message} {children}
    </Notice>
  );
}

/** On the local stack, emailed codes land in its mailbox rather than an inbox: say where. */
export function LocalMailboxHint() {
  const { config } = useApp();
  if (!config.local || !config.mailboxUrl) return null;
  return (
    <>
      Locally, codes arrive in the{' '}
      <a href={config.mailboxUrl} target="_blank" rel="noreferrer">
        local mailbox
      </a>
      .
    </>
  );
}
