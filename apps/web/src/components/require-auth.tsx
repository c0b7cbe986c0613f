'use client';

import { usePathname, useRouter } from 'next/navigation';
import { type ReactNode, useEffect } from 'react';
import { useApp } from './app-context';
import { LoadingStatus } from './notice';

/** Protected pages: a signed-out visitor goes to /signin?next=<this page> and comes back after. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, sessionMessage } = useApp();
  const router = useRouter();
  const pathname = usePathname();

  useEffect(() => {
    if (status !== 'signedOut') return;
    const next = `${pathname}${window.location.search}`;
    const params = new URLSearchParams({ next });
    params.set('reason', sessionMessage ? 'expired' : 'required');
    router.replace(`/signin?${params.toString()}`);
  }, [status, pathname, router, sessionMessage]);

  if (status === 'signedIn') return <>{children}</>;
  return <LoadingStatus>{status === 'loading' ? 'Loading…' : 'Redirecting to sign in…'}</LoadingStatus>;
}
