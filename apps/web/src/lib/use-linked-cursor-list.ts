import type { Page } from '@app/core/posts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

/** One fetched page: the cursor it was fetched with (null: the newest) and the API's answer. */
interface LoadedPage<T> {
  cursor: string | null;
  items: T[];
  next: string | null;
}

/**
 * What to do when the URL names the page after `after`, given the pages on screen: nothing new
 * to fetch when it is one of them (back: drop the pages after it), append when it is the next
 * page (forward), start over from it otherwise (a shared link, a reload).
 */
export function planFor<T>(
  pages: readonly LoadedPage<T>[],
  after: string | null,
): { kind: 'truncate'; keep: number } | { kind: 'append' } | { kind: 'reset' } {
  const index = pages.findIndex((p) => p.cursor === after);
  if (index >= 0) return { kind: 'truncate', keep: index + 1 };
  if (after !== null && pages.length > 0 && pages[pages.length - 1]?.next === after)
    return { kind: 'append' };
  return { kind: 'reset' };
}

/**
 * A paged list whose position lives in the URL (`?after=<cursor>`, the API's own opaque cursor),
 * so "Older posts" pages can be linked to and back/forward walk through them. `loadMore` fetches
 * the next page, appends it and only then calls `navigate(cursor)` (a failed fetch leaves the URL
 * alone and can be retried); a URL change the list did not make (back, forward, a link) is
 * followed by truncating, appending or starting over from that cursor.
 */
export function useLinkedCursorList<T extends { id: string }>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  after: string | null,
  navigate: (after: string) => void,
) {
  const [pages, setPages] = useState<LoadedPage<T>[]>([]);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const pagesRef = useRef(pages);
  pagesRef.current = pages;
  const fetchedWith = useRef(fetchPage);
  const loadId = useRef(0);

  const fetchAt = useCallback(
    async (cursor: string | null, mode: 'append' | 'reset') => {
      const id = ++loadId.current;
      if (mode === 'reset') setState('loading');
      else setLoadingMore(true);
      try {
        const page = await fetchPage(cursor);
        if (id !== loadId.current) return false;
        const loaded = { cursor, items: page.items, next: page.nextCursor };
        setPages((current) => (mode === 'reset' ? [loaded] : [...current, loaded]));
        setError(null);
        setState('ready');
        return true;
      } catch (e) {
        if (id !== loadId.current) return false;
        if (mode === 'reset') {
          setError(e);
          setState('error');
          return false;
        }
        throw e;
      } finally {
        if (mode === 'append') setLoadingMore(false);
      }
    },
    [fetchPage],
  );

  useEffect(() => {
    const refetch = fetchedWith.current !== fetchPage;
    fetchedWith.current = fetchPage;
    const plan = refetch ? { kind: 'reset' as const } : planFor(pagesRef.current, after);
    if (plan.kind === 'truncate') {
      if (plan.keep < pagesRef.current.length) setPages((current) => current.slice(0, plan.keep));
      return;
    }
    void fetchAt(after, plan.kind).catch(() => fetchAt(after, 'reset'));
  }, [after, fetchPage, fetchAt]);

  const nextCursor = pages.length > 0 ? (pages[pages.length - 1]?.next ?? null) : null;

  /** Fetches and appends the next page, then puts its cursor in the URL; rejects when the fetch fails. */
  const loadMore = useCallback(async () => {
    if (!nextCursor) return;
    if (await fetchAt(nextCursor, 'append')) navigate(nextCursor);
  }, [fetchAt, navigate, nextCursor]);

  const items = useMemo(() => {
    const seen = new Set<string>();
    return pages.flatMap((p) => p.items).filter((item) => !seen.has(item.id) && seen.add(item.id));
  }, [pages]);

  /** Whether the first page on screen is an older one (reached by a link): offer the newest. */
  const startsOlder = (pages[0]?.cursor ?? null) !== null;

  return { items, nextCursor, startsOlder, state, error, loadingMore, loadMore };
}
