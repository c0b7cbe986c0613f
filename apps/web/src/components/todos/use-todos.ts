'use client';

import type { Todo, TodoList } from '@app/core/todos';
import { useCallback, useRef, useState } from 'react';
import { useApp } from '@/components/app-context';
import type { Message } from '@/components/message-region';
import { ApiError, errorMessage, isSessionProblem } from '@/lib/api';
import { useBusyIds } from '@/lib/use-busy-ids';
import { useCursorList, withCursor } from '@/lib/use-cursor-list';
import type { Filter } from './todo-view';

const PAGE_SIZE = 20;

export type TodoChanges = Partial<Pick<Todo, 'title' | 'done' | 'notes' | 'dueDate'>>;
export interface NewTodo {
  title: string;
  dueDate: string | null;
}

export function isTemp(todo: Todo): boolean {
  return todo.id.startsWith('temp-');
}

/**
 * The todos of one filter and every write on them, optimistic: the list changes at once and goes
 * back (with a message) if the API refuses. Creations are sent one after another, in the order the
 * user typed them: the API orders todos by their id (a ULID taken when the request arrives), so
 * concurrent POSTs could land in another order and the list would reshuffle on the next load.
 */
export function useTodos(filter: Filter) {
  const { api } = useApp();
  const fetchPage = useCallback(
    async (cursor: string | null) =>
      (await api<TodoList>('GET', withCursor(`/todos?status=${filter}&limit=${PAGE_SIZE}`, cursor))).body,
    [api, filter],
  );
  const list = useCursorList(fetchPage);
  const { items, setItems } = list;
  const [pending, setBusy] = useBusyIds();
  const [message, setMessage] = useState<Message | null>(null);
  const [writeSessionLost, setWriteSessionLost] = useState(false);
  const createQueue = useRef<Promise<unknown>>(Promise.resolve());

  /** Any failed write: words on screen, and the sign-in prompt if the session is gone. */
  const fail = (what: string, error: unknown) => {
    if (isSessionProblem(error)) setWriteSessionLost(true);
    setMessage({ kind: 'error', text: `${what}: ${errorMessage(error)}` });
  };
  const replace = (id: string, todo: Todo) => setItems((c) => c.map((t) => (t.id === id ? todo : t)));

  /** Resolves true once saved; false (the row removed, the reason on screen) if refused. */
  function add(draft: NewTodo): Promise<boolean> {
    const now = new Date().toISOString();
    const temp: Todo = {
      id: `temp-${crypto.randomUUID()}`,
      title: draft.title,
      notes: '',
      done: false,
      dueDate: draft.dueDate,
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
    setItems((current) => [temp, ...current]);
    setBusy(temp.id, true);
    setMessage(null);
    const send = async () => {
      try {
        const body = { title: draft.title, ...(draft.dueDate ? { dueDate: draft.dueDate } : {}) };
        const { body: saved } = await api<Todo>('POST', '/todos', { body });
        replace(temp.id, saved);
        setMessage({ kind: 'success', text: `Added “${saved.title}”.` });
        return true;
      } catch (error) {
        setItems((current) => current.filter((t) => t.id !== temp.id));
        fail('Could not add the todo', error);
        return false;
      } finally {
        setBusy(temp.id, false);
      }
    };
    const result = createQueue.current.then(send, send);
    createQueue.current = result;
    return result;
  }

  /** Optimistic PATCH with If-Match; the old item comes back on any error, the latest one on 409. */
  async function patch(todo: Todo, changes: TodoChanges, what: string): Promise<void> {
    setItems((current) => current.map((t) => (t.id === todo.id ? { ...t, ...changes } : t)));
    setBusy(todo.id, true);
    setMessage(null);
    try {
      const { body } = await api<Todo>('PATCH', `/todos/${encodeURIComponent(todo.id)}`, {
        body: changes,
        ifMatch: todo.version,
      });
      replace(todo.id, body);
    } catch (error) {
      replace(todo.id, todo);
      if (error instanceof ApiError && error.status === 409) {
        setMessage({
          kind: 'error',
          text: `Could not ${what}: this todo was changed somewhere else. The latest version is shown now; try again.`,
        });
        try {
          const { body } = await api<Todo>('GET', `/todos/${encodeURIComponent(todo.id)}`);
          replace(todo.id, body);
        } catch {
          // Keep the rolled-back item; the message already tells what happened.
        }
      } else if (error instanceof ApiError && error.status === 404) {
        setItems((current) => current.filter((t) => t.id !== todo.id));
        setMessage({ kind: 'error', text: `Could not ${what}: this todo no longer exists.` });
      } else {
        fail(`Could not ${what}`, error);
      }
    } finally {
      setBusy(todo.id, false);
    }
  }

  async function remove(todo: Todo): Promise<void> {
    const index = items.findIndex((t) => t.id === todo.id);
    setItems((current) => current.filter((t) => t.id !== todo.id));
    setMessage(null);
    try {
      await api('DELETE', `/todos/${encodeURIComponent(todo.id)}`);
      setMessage({ kind: 'success', text: `Deleted “${todo.title}”.` });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return;
      setItems((current) => {
        const next = [...current];
        next.splice(Math.min(index, next.length), 0, todo);
        return next;
      });
      fail('Could not delete the todo', error);
    }
  }

  async function clearCompleted(): Promise<void> {
    const before = items;
    const removed = items.filter((t) => t.done).length;
    setItems((current) => current.filter((t) => !t.done));
    setMessage(null);
    try {
      const { body } = await api<{ deleted: number }>('DELETE', '/todos?status=done');
      const n = body?.deleted ?? removed;
      setMessage({
        kind: 'success',
        text: n === 1 ? 'Cleared 1 completed todo.' : `Cleared ${n} completed todos.`,
      });
    } catch (error) {
      setItems(before);
      fail('Could not clear completed todos', error);
    }
  }

  return {
    list,
    pending,
    message,
    setMessage,
    fail,
    sessionLost: writeSessionLost || isSessionProblem(list.error),
    add,
    patch,
    remove,
    clearCompleted,
  };
}

export type TodosModel = ReturnType<typeof useTodos>;
