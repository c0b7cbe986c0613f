import Link from 'next/link';
import type { ReactNode } from 'react';

export function Brand() {
  return (
    <Link href="/" className="brand">
      <span className="brand-mark" aria-hidden="true">
        ✓
      </span>
      MyTodoList <span className="brand-plus">+</span> MyBlog
    </Link>
  );
}

/** The page frame before the app's settings are loaded: same header height, so nothing jumps. */
export function Frame({
  children,
  nav,
  account,
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
