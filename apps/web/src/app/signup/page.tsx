'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, Suspense, useState } from 'react';
import { useApp } from '@/components/app-context';
import { PasswordField, safeNext, TextField } from '@/components/form';
import { Notice } from '@/components/notice';
import { type AuthError, passwordProblems, toAuthError } from '@/lib/auth';

function SignUp() {
  const { auth } = useApp();
  const router = useRouter();
  const params = useSearchParams();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AuthError | null>(null);
  const [weak, setWeak] = useState<string | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const problems = passwordProblems(password);
    if (problems.length > 0) {
      setWeak(`The password needs ${problems.join(', ')}.`);
      return;
    }
    setWeak(null);
    setBusy(true);
    try {
      const { confirmed } = await auth.signUp(email, password);
      const query = new URLSearchParams({ email: email.trim().toLowerCase(), next });
      router.push(
        confirmed ? `/signin?${query.toString()}&confirmed=1` : `/confirm?${query.toString()}&sent=1`,
      );
    } catch (e) {
      setError(toAuthError(e));
      setBusy(false);
    }
  }

  return (
    <div className="narrow">
      <title>Create an account · MyTodoList + MyBlog</title>
      <h1>Create an account</h1>
      <p className="muted">One account for your todos, your files and your blog.</p>
      {error ? (
        <Notice kind="error" testId="signup-error">
          {error.message}{' '}
          {error.code === 'UsernameExistsException' ? (
            <Link href={`/signin?${new URLSearchParams({ email, next }).toString()}`}>Sign in</Link>
          ) : null}
        </Notice>
      ) : null}
      <form className="card" onSubmit={onSubmit}>
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          testId="signup-email"
        />
        <PasswordField
          label="Password"
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
          testId="signup-password"
        />
        <button type="submit" className="button" disabled={busy} data-testid="signup-submit">
          {busy ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
      <p className="muted">
        Already have an account?{' '}
        <Link href={`/signin?${new URLSearchParams({ next }).toString()}`}>Sign in</Link>.
      </p>
    </div>
  );
}

export default function SignUpPage() {
  return (
    <Suspense fallback={<p className="page-status">Loading…</p>}>
      <SignUp />
    </Suspense>
  );
}
