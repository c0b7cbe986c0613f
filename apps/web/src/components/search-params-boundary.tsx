import { type ReactNode, Suspense } from 'react';

/**
 * For pages that read the query string (`useSearchParams`): the static export prerenders them
 * without one, so they must sit under Suspense and fill in on the client.
 */
export function SearchParamsBoundary({ children }: { children: ReactNode }) {
  return <Suspense fallback={<p className="page-status">Loading…</p>}>{children}</Suspense>;
}
