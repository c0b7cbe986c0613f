'use client';

import type { Todo, TodoList } from '@app/core/todos';
import { type FormEvent, type KeyboardEvent, useCallback, useRef, useState } from 'react';
import { useApp } from '@/components/app-context';
import { LoadMoreButton } from '@/components/list';
import { type Message, MessageRegion } from '@/components/message-region';
import { LoadingStatus, Notice, SessionExpiredNotice } from '@/components/notice';
import { RequireAuth } from '@/components/require-auth';
import { ApiError, errorMessage, isSessionProblem } from '@/lib/api';
import { formatDate } from '@/lib/format';
import { useBusyIds } from '@/lib/use-busy-ids';
import { useCursorList, withCursor } from '@/lib/use-cursor-list';

type Filter = 'all' | 'open' | 'done';
const FILTERS: { value: Filter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'open', label: 'Open' },
  { value: 'done', label: 'Done' },
];
const PAGE_SIZE = 20;
const TITLE_MAX = 200;
const TITLE_TOO_LONG = `A title can have at most ${TITLE_MAX} characters.`;

function matches(todo: Todo, filter: Filter) {
  return filter === 'all' || (filter === 'done' ? todo.done : !todo.done);
}

function TodosView() {
  const { api } = useApp();
  const [filter, setFilter] = useState<Filter>('all');
  const fetchPage = useCallback(
    async (cursor: string | null) =>
      (await api<TodoList>('GET', withCursor(`/todos?status=${filter}&limit=${PAGE_SIZE}`, cursor))).body,
    [api, filter],
  );
  const list = useCursorList(fetchPage);
  const { items, setItems, nextCursor } = list;
  const [pending, setBusy] = useBusyIds();
  const [message, setMessage] = useState<Message | null>(null);
  const [writeSessionLost, setWriteSessionLost] = useState(false);
  const [newTitle, setNewTitle] = useState('');
  const [editing, setEditing] = useState<{ id: string; title: string } | null>(null);
  const addInput = useRef<HTMLInputElement>(null);
  const sessionLost = writeSessionLost || isSessionProblem(list.error);

  /** Any failed write: words on screen, and the sign-in prompt if the session is gone. */
  const fail = (what: string, error: unknown) => {
    if (isSessionProblem(error)) setWriteSessionLost(true);
    setMessage({ kind: 'error', text: `${what}: ${errorMessage(error)}` });
  };

  async function addTodo(event: FormEvent) {
    event.preventDefault();
    const title = newTitle.trim();
    if (!title) {
      setMessage({ kind: 'error', text: 'Write what needs doing first.' });
      return;
    }
    if (title.length > TITLE_MAX) {
      setMessage({ kind: 'error', text: TITLE_TOO_LONG });
      return;
    }
    const now = new Date().toISOString();
    const temp: Todo = {
      id: `temp-${crypto.randomUUID()}`,
      title,
      notes: '',
      done: false,
      dueDate: null,
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
    setItems((current) => [temp, ...current]);
    setBusy(temp.id, true);
    setNewTitle('');
    setMessage(null);
    try {
      const { body } = await api<Todo>('POST', '/todos', { body: { title } });
      setItems((current) => current.map((t) => (t.id === temp.id ? body : t)));
      setMessage({ kind: 'success', text: `Added “${body.title}”.` });
    } catch (error) {
      setItems((current) => current.filter((t) => t.id !== temp.id));
      setNewTitle(title);
      fail('Could not add the todo', error);
    } finally {
      setBusy(temp.id, false);
    }
  }

  /** Optimistic PATCH with If-Match; the old item comes back on any error, the latest one on 409. */
  async function patchTodo(todo: Todo, changes: Partial<Pick<Todo, 'title' | 'done'>>, what: string) {
    const before = todo;
    setItems((current) => current.map((t) => (t.id === todo.id ? { ...t, ...changes } : t)));
    setBusy(todo.id, true);
    setMessage(null);
    try {
      const { body } = await api<Todo>('PATCH', `/todos/${encodeURIComponent(todo.id)}`, {
        body: changes,
        ifMatch: todo.version,
      });
      setItems((current) => current.map((t) => (t.id === todo.id ? body : t)));
    } catch (error) {
      setItems((current) => current.map((t) => (t.id === todo.id ? before : t)));
      if (error instanceof ApiError && error.status === 409) {
        setMessage({
          kind: 'error',
          text: `Could not ${what}: this todo was changed somewhere else. The latest version is shown now; try again.`,
        });
        try {
          const { body } = await api<Todo>('GET', `/todos/${encodeURIComponent(todo.id)}`);
          setItems((current) => current.map((t) => (t.id === todo.id ? body : t)));
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

  async function deleteTodo(todo: Todo) {
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
    addInput.current?.focus();
  }

  async function clearCompleted() {
    const removed = items.filter((t) => t.done);
    const before = items;
    setItems((current) => current.filter((t) => !t.done));
    setMessage(null);
    try {
      const { body } = await api<{ deleted: number }>('DELETE', '/todos?status=done');
      const n = body?.deleted ?? removed.length;
      setMessage({
        kind: 'success',
        text: n === 1 ? 'Cleared 1 completed todo.' : `Cleared ${n} completed todos.`,
      });
    } catch (error) {
      setItems(before);
      fail('Could not clear completed todos', error);
    }
  }

  function startEdit(todo: Todo) {
    if (pending.has(todo.id)) return;
    setEditing({ id: todo.id, title: todo.title });
  }

  function finishEdit(todo: Todo, save: boolean) {
    if (!editing || editing.id !== todo.id) return;
    const title = editing.title.trim();
    setEditing(null);
    if (!save || title === todo.title) return;
    if (!title) {
      setMessage({ kind: 'error', text: 'A todo needs a title. The old one is kept.' });
      return;
    }
    if (title.length > TITLE_MAX) {
      setMessage({ kind: 'error', text: TITLE_TOO_LONG });
      return;
    }
    void patchTodo(todo, { title }, 'rename the todo');
  }

  function onEditKey(event: KeyboardEvent<HTMLInputElement>, todo: Todo) {
    if (event.key !== 'Enter' && event.key !== 'Escape') return;
    event.preventDefault();
    finishEdit(todo, event.key === 'Enter');
    // Keyboard users land back on the item's Edit button, not at the top of the page.
    requestAnimationFrame(() =>
      document
        .querySelector<HTMLButtonElement>(`[data-todo-id="${CSS.escape(todo.id)}"] [data-testid="todo-edit"]`)
        ?.focus(),
    );
  }

  const visible = items.filter((t) => matches(t, filter));
  const doneCount = items.filter((t) => t.done).length;
  const openCount = items.filter((t) => !t.done).length;

  return (
    <div>
      <title>Todos · MyTodoList + MyBlog</title>
      <div className="page-head">
        <h1>Todos</h1>
        {list.state === 'ready' ? (
          <p data-testid="todo-count" aria-live="polite">
            {openCount} open · {doneCount} done{nextCursor ? ' (more below)' : ''}
          </p>
        ) : null}
      </div>

      {sessionLost ? <SessionExpiredNotice next="/todos" /> : null}
      <MessageRegion message={message} testId="todo-message" onDismiss={() => setMessage(null)} />

      <form className="todo-add" onSubmit={addTodo}>
        <label htmlFor="new-todo" className="visually-hidden">
          New todo
        </label>
        <input
          id="new-todo"
          ref={addInput}
          type="text"
          placeholder="What needs doing?"
          autoComplete="off"
          maxLength={TITLE_MAX + 50}
          value={newTitle}
          onChange={(e) => setNewTitle(e.target.value)}
          data-testid="todo-new-title"
        />
        <button type="submit" className="button" data-testid="todo-add">
          Add
        </button>
      </form>

      <div className="todo-toolbar">
        <fieldset className="segmented" aria-label="Show" style={{ padding: 0, margin: 0 }}>
          {FILTERS.map((f) => (
            <button
              key={f.value}
              type="button"
              aria-pressed={filter === f.value}
              onClick={() => setFilter(f.value)}
              data-testid={`todo-filter-${f.value}`}
            >
              {f.label}
            </button>
          ))}
        </fieldset>
        <button
          type="button"
          className="button button-quiet button-small"
          onClick={clearCompleted}
          disabled={doneCount === 0 || filter === 'open'}
          data-testid="todo-clear-done"
        >
          Clear completed
        </button>
      </div>

      {list.state === 'loading' ? (
        <LoadingStatus testId="todo-loading">Loading your todos…</LoadingStatus>
      ) : list.state === 'error' ? (
        <Notice kind="error" testId="todo-load-error">
          Could not load your todos: {errorMessage(list.error)}{' '}
          <button type="button" className="button-link" onClick={() => void list.reload()}>
            Try again
          </button>
        </Notice>
      ) : visible.length === 0 ? (
        <p className="empty" data-testid="todo-empty">
          {filter === 'done'
            ? 'Nothing done yet.'
            : filter === 'open'
              ? 'Nothing left to do. 🎉'
              : 'No todos yet. Add your first one above.'}
        </p>
      ) : (
        <ul className="list" data-testid="todo-list" aria-label="Todos">
          {visible.map((todo) => {
            const busy = pending.has(todo.id);
            const isEditing = editing?.id === todo.id;
            const checkboxId = `todo-${todo.id}`;
            return (
              <li
                key={todo.id}
                className={`todo-item${todo.done ? ' done' : ''}${busy ? ' pending' : ''}`}
                data-testid="todo-item"
                data-todo-id={todo.id}
                data-done={todo.done ? 'true' : 'false'}
                aria-busy={busy || undefined}
              >
                <input
                  id={checkboxId}
                  type="checkbox"
                  checked={todo.done}
                  disabled={busy || todo.id.startsWith('temp-')}
                  onChange={() =>
                    void patchTodo(
                      todo,
                      { done: !todo.done },
                      todo.done ? 'reopen the todo' : 'complete the todo',
                    )
                  }
                  data-testid="todo-toggle"
                  aria-label={`${todo.done ? 'Reopen' : 'Complete'} “${todo.title}”`}
                />
                {isEditing ? (
                  <input
                    className="todo-edit"
                    type="text"
                    aria-label={`Edit “${todo.title}”`}
                    value={editing.title}
                    maxLength={TITLE_MAX + 50}
                    // biome-ignore lint/a11y/noAutofocus: the user just asked to edit this field
                    autoFocus
                    onChange={(e) => setEditing({ id: todo.id, title: e.target.value })}
                    onKeyDown={(e) => onEditKey(e, todo)}
                    onBlur={() => finishEdit(todo, true)}
                    data-testid="todo-edit-input"
                  />
                ) : (
                  // biome-ignore lint/a11y/noStaticElementInteractions: a mouse shortcut; the Edit button is the keyboard path
                  <span className="todo-title" onDoubleClick={() => startEdit(todo)} data-testid="todo-title">
                    {todo.title}
                    {todo.dueDate ? (
                      <span className="muted small"> · due {formatDate(todo.dueDate)}</span>
                    ) : null}
                  </span>
                )}
                {isEditing ? null : (
                  <span className="todo-actions">
                    <button
                      type="button"
                      className="button button-quiet button-small"
                      onClick={() => startEdit(todo)}
                      disabled={busy || todo.id.startsWith('temp-')}
                      data-testid="todo-edit"
                      aria-label={`Edit “${todo.title}”`}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="button button-danger button-small"
                      onClick={() => void deleteTodo(todo)}
                      disabled={busy || todo.id.startsWith('temp-')}
                      data-testid="todo-delete"
                      aria-label={`Delete “${todo.title}”`}
                    >
                      Delete
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}

      {list.state === 'ready' && nextCursor ? (
        <LoadMoreButton
          onClick={() => list.loadMore().catch((error) => fail('Could not load more todos', error))}
          busy={list.loadingMore}
          testId="todo-load-more"
        >
          Load more
        </LoadMoreButton>
      ) : null}
    </div>
  );
}

export default function TodosPage() {
  return (
    <RequireAuth>
      <TodosView />
    </RequireAuth>
  );
}
