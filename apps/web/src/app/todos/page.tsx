'use client';

import type { Todo } from '@app/core/todos';
import { useRef, useState } from 'react';
import { LoadMoreButton } from '@/components/list';
import { MessageRegion } from '@/components/message-region';
import { LoadingStatus, Notice, SessionExpiredNotice } from '@/components/notice';
import { RequireAuth } from '@/components/require-auth';
import { SearchParamsBoundary } from '@/components/search-params-boundary';
import { TodoAddForm } from '@/components/todos/todo-add-form';
import { EDIT_HINT, TodoEditor, TodoItem } from '@/components/todos/todo-item';
import { TodoToolbar } from '@/components/todos/todo-toolbar';
import { matchesFilter, sortTodos } from '@/components/todos/todo-view';
import { useLoadMoreFocus } from '@/components/todos/use-load-more-focus';
import { useTodoView } from '@/components/todos/use-todo-view';
import { type TodoChanges, useTodos } from '@/components/todos/use-todos';
import { errorMessage } from '@/lib/api';
import { focusSoon, inItem } from '@/lib/focus';

const EMPTY = {
  done: 'Nothing done yet.',
  open: 'Nothing left to do. 🎉',
  all: 'No todos yet. Add your first one above.',
};

const toggleOf = (id: string) => inItem('todo-id', id, 'todo-toggle');

function TodosView() {
  const [view, setView] = useTodoView();
  const todos = useTodos(view.filter);
  const { list, pending } = todos;
  const [editingId, setEditingId] = useState<string | null>(null);
  const addInput = useRef<HTMLInputElement>(null);
  const loadMoreFocus = useLoadMoreFocus();

  const visible = sortTodos(
    list.items.filter((t) => matchesFilter(t, view.filter)),
    view.sort,
  );
  const doneCount = list.items.filter((t) => t.done).length;
  const openCount = list.items.length - doneCount;

  /** Where focus goes when `todo` leaves the list: the next item, else the previous, else "Add". */
  function focusAfterLeaving(todo: Todo) {
    const index = visible.findIndex((t) => t.id === todo.id);
    const neighbour = visible[index + 1] ?? visible[index - 1];
    focusSoon(...(neighbour ? [toggleOf(neighbour.id)] : []), '#new-todo');
  }

  function toggle(todo: Todo) {
    const done = !todo.done;
    // Under "Open" or "Done" the ticked todo leaves the view; otherwise its box keeps the focus.
    if (!matchesFilter({ ...todo, done }, view.filter)) focusAfterLeaving(todo);
    void todos.patch(todo, { done }, done ? 'complete the todo' : 'reopen the todo');
  }

  function finishEdit(todo: Todo, changes: TodoChanges | null) {
    setEditingId(null);
    if (changes) void todos.patch(todo, changes, 'save the todo');
    // Back on the item's Edit button, not at the top of the page.
    focusSoon(inItem('todo-id', todo.id, 'todo-edit'));
  }

  function remove(todo: Todo) {
    focusAfterLeaving(todo);
    void todos.remove(todo);
  }

  async function loadMore() {
    loadMoreFocus.expect(visible.length);
    try {
      await list.loadMore();
    } catch (error) {
      loadMoreFocus.forget();
      todos.fail('Could not load more todos', error);
    }
  }

  return (
    <div>
      <title>Todos · MyTodoList + MyBlog</title>
      <div className="page-head">
        <h1>Todos</h1>
        {list.state === 'ready' ? (
          <p data-testid="todo-count" aria-live="polite">
            {openCount} open · {doneCount} done{list.nextCursor ? ' (more below)' : ''}
          </p>
        ) : null}
      </div>

      {todos.sessionLost ? <SessionExpiredNotice next="/todos" /> : null}
      <MessageRegion message={todos.message} testId="todo-message" onDismiss={() => todos.setMessage(null)} />

      <TodoAddForm inputRef={addInput} onAdd={todos.add} onProblem={todos.setMessage} />
      <TodoToolbar
        view={view}
        onViewChange={setView}
        doneCount={doneCount}
        onClearCompleted={() => {
          focusSoon('#new-todo');
          void todos.clearCompleted();
        }}
      />

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
          {EMPTY[view.filter]}
        </p>
      ) : (
        <>
          <ul className="list" data-testid="todo-list" aria-label="Todos">
            {visible.map((todo) => {
              const busy = pending.has(todo.id);
              return (
                <li
                  key={todo.id}
                  className={`todo-item${todo.done ? ' done' : ''}${busy ? ' pending' : ''}`}
                  data-testid="todo-item"
                  data-todo-id={todo.id}
                  data-done={todo.done ? 'true' : 'false'}
                  aria-busy={busy || undefined}
                >
                  {editingId === todo.id ? (
                    <TodoEditor
                      todo={todo}
                      onDone={(changes) => finishEdit(todo, changes)}
                      onProblem={todos.setMessage}
                    />
                  ) : (
                    <TodoItem
                      todo={todo}
                      busy={busy}
                      onToggle={() => toggle(todo)}
                      onEdit={() => setEditingId(todo.id)}
                      onDelete={() => remove(todo)}
                    />
                  )}
                </li>
              );
            })}
          </ul>
          <p className="small muted" data-testid="todo-edit-help">
            To change a todo, double-click its title or press Edit. {EDIT_HINT}
          </p>
        </>
      )}

      {list.state === 'ready' && list.nextCursor ? (
        <LoadMoreButton onClick={() => void loadMore()} busy={list.loadingMore} testId="todo-load-more">
          Load more
        </LoadMoreButton>
      ) : null}
    </div>
  );
}

export default function TodosPage() {
  return (
    <RequireAuth>
      <SearchParamsBoundary>
        <TodosView />
      </SearchParamsBoundary>
    </RequireAuth>
  );
}
