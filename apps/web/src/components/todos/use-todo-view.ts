'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import { parseTodoView, type TodoView, todoViewQuery } from './todo-view';

/** The list's filter and order, read from and written to the URL (needs a Suspense boundary). */
export function useTodoView(): [TodoView, (view: TodoView) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const view = parseTodoView(new URLSearchParams(params.toString()));
  const setView = useCallback(
    (next: TodoView) => router.replace(`${pathname}${todoViewQuery(next)}`, { scroll: false }),
    [router, pathname],
  );
  return [view, setView];
}
