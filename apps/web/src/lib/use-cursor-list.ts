import type { Page } from '@app/core/posts';
import { useCallback, useEffect, useRef, useState } from 'react';

/** `path` (which already has a query) with the cursor of the page to fetch, if any. */
export function withCursor(path: string, cursor: string | null): string {
  return cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path;
}

/**
 * A list the API serves in pages (`{items, nextCursor}`). The first page loads on mount and again
 * whenever `fetchPage` changes: wrap it in useCallback with the filters it depends on. A page
 * that answers after a newer load started is dropped, so a quick filter change never shows stale
 * items. `loadMore` appends the next page, skipping items already shown, and rejects on failure
 * so the caller can say it in its own words.
 */
export function useCursorList<T extends { id: string }>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
) {
  const [items, setItems] = useState<T[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const loadId = useRef(0);

  const reload = useCallback(async () => {
    const id = ++loadId.current;
    setState('loading');
    try {
      const page = await fetchPage(null);
      if (id !== loadId.current) return;
      setItems(page.items);
      setNextCursor(page.nextCursor);
      setError(null);
      setState('ready');
    } catch (e) {
      if (id !== loadId.current) return;
      setError(e);
      setState('error');
    }
  }, [fetchPage]);

  useEffect(() => {
    void reload();
  }, [reload]);

  async function loadMore() {
    if (!nextCursor) return;
    const id = loadId.current;
    setLoadingMore(true);
    try {
      const page = await fetchPage(nextCursor);
      if (id !== loadId.current) return;
      setItems((current) => {
        const seen = new Set(current.map((item) => item.id));
        return [...current, ...page.items.filter((item) => !seen.has(item.id))];
      });
      setNextCursor(page.nextCursor);
    } finally {
      setLoadingMore(false);
    }
  }

  return { items, setItems, nextCursor, state, error, loadingMore, reload, loadMore };
}
