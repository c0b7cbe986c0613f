'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import type { ReactNode } from 'react';
import { useApp } from './app-context';
import { Frame } from './frame';

const LINKS = [
  { href: '/todos', label: 'Todos', testId: 'nav-todos', private: true },
  { href: '/files', label: 'Files', testId: 'nav-files', private: true },
  { href: '/blog', label: 'Blog', testId: 'nav-blog', private: false },
  { href: '/blog/mine', label: 'My posts', testId: 'nav-my-posts', private: true },
  { href: '/blog/edit', label: 'Write', testId: 'nav-write', private: true },
] as const;

export function SiteShell({ children }: { children: ReactNode }) {
  const { status, user, displayName, signOut } = useApp();
  const pathname = usePathname();
  const router = useRouter();
  const current = (href: string) => (pathname === href || pathname === `${href}/` ? 'page' : undefined);

  const nav = (
    <nav className="site-nav" aria-label="Main">
      <ul className="nav-links">
        {LINKS.map((link) => (
          <li key={link.href}>
            {/* A signed-out visitor's public page does not prefetch the signed-in pages' code (the
                editor's markdown renderer, …): they would only lead to the sign-in page. */}
            <Link
              href={link.href}
              aria-current={current(link.href)}
              data-testid={link.testId}
              prefetch={link.private && status !== 'signedIn' ? false : null}
            >
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
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
    <Frame nav={nav} account={account}>
      {children}
    </Frame>
  );
}
