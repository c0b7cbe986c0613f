'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { useApp } from '@/components/app-context';
import { AuthErrorNotice, useAuthForm, useNewPassword } from '@/components/auth-form';
import { EmailField, NewPasswordField, SubmitButton } from '@/components/form';
import { SearchParamsBoundary } from '@/components/search-params-boundary';
import { safeNext } from '@/lib/navigation';

function SignUp() {
  const { auth } = useApp();
  const router = useRouter();
  const params = useSearchParams();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState('');
  const newPassword = useNewPassword();
  const { busy, error, setError, run } = useAuthForm();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!newPassword.check()) return;
    void run(async () => {
      const { confirmed } = await auth.signUp(email, newPassword.password);
      const query = new URLSearchParams({ email: email.trim().toLowerCase(), next });
      router.push(
        confirmed ? `/signin?${query.toString()}&confirmed=1` : `/confirm?${query.toString()}&sent=1`,
      );
    });
  }

  return (
    <div className="narrow">
      <title>Create an account · MyTodoList + MyBlog</title>
      <h1>Create an account</h1>
      <p className="muted">One account for your todos, your files and your blog.</p>
      <AuthErrorNotice error={error} testId="signup-error">
        {error?.code === 'UsernameExistsException' ? (
          <Link href={`/signin?${new URLSearchParams({ email, next }).toString()}`}>Sign in</Link>
        ) : null}
      </AuthErrorNotice>
      <form className="card" onSubmit={onSubmit}>
        <EmailField autoComplete="email" value={email} onValueChange={setEmail} testId="signup-email" />
        <NewPasswordField label="Password" testId="signup-password" {...newPassword.field} />
        <SubmitButton busy={busy} busyLabel="Creating your account…" testId="signup-submit">
          Create account
        </SubmitButton>
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
    <SearchParamsBoundary>
      <SignUp />
    </SearchParamsBoundary>
  );
}
