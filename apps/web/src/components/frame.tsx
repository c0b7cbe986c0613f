'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';

const LINKS = [
  { href: '/todos', label: 'Todos', testId: 'nav-todos', private: true },
  { href: '/files', label: 'Files', testId: 'nav-files', private: true },
  { href: '/blog', label: 'Blog', testId: 'nav-blog', private: false },
  { href: '/blog/mine', label: 'My posts', testId: 'nav-my-posts', private: true },
  { href: '/blog/edit', label: 'Write', testId: 'nav-write', private: true },
] as const;

/** `aria-current` for a link to `href`: 'page' on that page (with or without the trailing slash). */
export function useCurrentPage(): (href: string) => 'page' | undefined {
  const pathname = usePathname();
  return (href) => (pathname === href || pathname === `${href}/` ? 'page' : undefined);
}

export function Brand() {
  return (
    <Link href="/" className="brand">
      <span className="brand-mark" aria-hidden="true">
        ✓
      </span>
      <span className="brand-name">
        MyTodoList <span className="brand-plus">+</span> MyBlog
      </span>
    </Link>
  );
}

/** The main links: the same before and after the session is known, so the header never changes size. */
export function SiteNav({ signedIn }: { signedIn: boolean }) {
  const current = useCurrentPage();
  return (
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
              prefetch={link.private && !signedIn ? false : null}
            >
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * The page frame. Before the app's settings and the session are known it already has the links and
 * an empty account corner of the same height (globals.css), so nothing below the header moves when
 * they fill in (layout-shift.spec.ts).
 */
export function Frame({
  children,
  nav = <SiteNav signedIn={false} />,
  account = <div className="nav-account" />,
}: {
  children: ReactNode;
  nav?: ReactNode;
  account?: ReactNode;
}) {
  return (
    <>
      <header className="site-header">
        <div className="container header-inner">
          <Brand />
          {nav}
          {account}
        </div>
      </header>
      <main id="main" className="container main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
