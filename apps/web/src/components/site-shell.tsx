'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { ReactNode } from 'react';
import { useApp } from './app-context';
import { Frame, SiteNav, useCurrentPage } from './frame';

export function SiteShell({ children }: { children: ReactNode }) {
  const { status, user, displayName, signOut } = useApp();
  const router = useRouter();
  const current = useCurrentPage();

  const account = (
    <div className="nav-account">
      {status === 'signedIn' && user ? (
        <>
          <Link
            href="/profile"
            className="nav-user"
            aria-current={current('/profile')}
            data-testid="nav-profile"
            title={user.email}
          >
            {displayName || user.name || user.email}
          </Link>
          <button
            type="button"
            className="button button-quiet button-small"
            data-testid="nav-signout"
            onClick={() => {
              signOut();
              router.push('/');
            }}
          >
            Sign out
          </button>
        </>
      ) : status === 'signedOut' ? (
        <>
          <Link href="/signin" aria-current={current('/signin')} data-testid="nav-signin">
            Sign in
          </Link>
          <Link href="/signup" className="button button-small" data-testid="nav-signup">
            Sign up
          </Link>
        </>
      ) : null}
    </div>
  );

  return (
    <Frame nav={<SiteNav signedIn={status === 'signedIn'} />} account={account}>
      {children}
    </Frame>
  );
}
