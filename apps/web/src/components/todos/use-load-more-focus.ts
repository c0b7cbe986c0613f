'use client';

import { useEffect, useRef } from 'react';

/**
 * After "Load more", focus goes to the first newly loaded todo once it is on the screen (not a frame
 * after the request: under load the new rows may render later than that). `expect(index)` before
 * loading, `forget()` when loading failed.
 */
export function useLoadMoreFocus() {
  const index = useRef<number | null>(null);
  useEffect(() => {
    if (index.current === null) return;
    const first = document.querySelectorAll<HTMLElement>('[data-testid="todo-toggle"]')[index.current];
    if (!first) return;
    index.current = null;
    first.focus();
  });
  return {
    expect: (at: number) => {
      index.current = at;
    },
    forget: () => {
      index.current = null;
    },
  };
}
