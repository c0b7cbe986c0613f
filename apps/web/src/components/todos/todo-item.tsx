'use client';

import {
  TODO_NOTES_MAX_CHARS as NOTES_MAX_CHARS,
  TODO_TITLE_MAX_CHARS as TITLE_MAX_CHARS,
} from '@app/core/limits';
import type { Todo } from '@app/core/todos';
import { type FormEvent, type KeyboardEvent, useId, useState } from 'react';
import { CharCounter, charCount } from '@/components/char-counter';
import { ItemActions } from '@/components/list';
import type { Message } from '@/components/message-region';
import { formatDay, today } from '@/lib/format';
import { DueDateField, TITLE_TOO_LONG } from './todo-add-form';
import { isTemp, type TodoChanges } from './use-todos';

export const EDIT_HINT = 'Enter saves, Escape cancels.';

/** One todo in the list: its box, title, due date and notes, and Edit / Delete. */
export function TodoItem({
  todo,
  busy,
  onToggle,
  onEdit,
  onDelete,
}: {
  todo: Todo;
  busy: boolean;
  onToggle(): void;
  onEdit(): void;
  onDelete(): void;
}) {
  const saving = isTemp(todo);
  // While a write is in flight the controls say so (aria-disabled) but stay focusable: a disabled
  // control drops the keyboard focus to <body>.
  const inactive = busy || saving;
  const overdue = !todo.done && todo.dueDate !== null && todo.dueDate < today();
  return (
    <>
      <input
        id={`todo-${todo.id}`}
        type="checkbox"
        checked={todo.done}
        aria-disabled={inactive || undefined}
        onChange={() => {
          if (!inactive) onToggle();
        }}
        data-testid="todo-toggle"
        aria-label={`${todo.done ? 'Reopen' : 'Complete'} “${todo.title}”`}
      />
      <span className="todo-text">
        {/* biome-ignore lint/a11y/noStaticElementInteractions: a mouse shortcut; the Edit button is the keyboard path */}
        <span className="todo-title" onDoubleClick={() => !inactive && onEdit()} data-testid="todo-title">
          {todo.title}
        </span>
        {todo.dueDate ? (
          <span
            className={`todo-due${overdue ? ' overdue' : ''}`}
            data-testid="todo-due"
            data-due={todo.dueDate}
          >
            {overdue ? 'Overdue · ' : 'Due '}
            <time dateTime={todo.dueDate}>{formatDay(todo.dueDate)}</time>
          </span>
        ) : null}
        {todo.notes ? (
          <span className="todo-notes" data-testid="todo-notes">
            {todo.notes}
          </span>
        ) : null}
      </span>
      <ItemActions
        onDelete={onDelete}
        deleteLabel={`Delete “${todo.title}”`}
        deleteDisabled={saving}
        deleteTestId="todo-delete"
        confirmTestId="todo-delete-confirm"
      >
        <button
          type="button"
          className="button button-quiet button-small"
          onClick={() => !inactive && onEdit()}
          aria-disabled={inactive || undefined}
          data-testid="todo-edit"
          aria-label={`Edit “${todo.title}”`}
        >
          Edit
        </button>
      </ItemActions>
    </>
  );
}

/**
 * The todo being edited, in place: title, due date and notes. Enter saves (Ctrl+Enter in the
 * notes, where Enter is a new line), Escape cancels; the hint under the fields says so.
 */
export function TodoEditor({
  todo,
  onDone,
  onProblem,
}: {
  todo: Todo;
  /** `changes` is null when cancelled or nothing changed. */
  onDone(changes: TodoChanges | null): void;
  onProblem(message: Message): void;
}) {
  const [title, setTitle] = useState(todo.title);
  const [dueDate, setDueDate] = useState(todo.dueDate ?? '');
  const [notes, setNotes] = useState(todo.notes);
  const id = useId();

  function save(event?: FormEvent) {
    event?.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) return onProblem({ kind: 'error', text: 'A todo needs a title.' });
    if (charCount(trimmed) > TITLE_MAX_CHARS) return onProblem({ kind: 'error', text: TITLE_TOO_LONG });
    if (charCount(notes) > NOTES_MAX_CHARS)
      return onProblem({ kind: 'error', text: `Notes can have at most ${NOTES_MAX_CHARS} characters.` });
    const changes: TodoChanges = {};
    if (trimmed !== todo.title) changes.title = trimmed;
    if ((dueDate || null) !== todo.dueDate) changes.dueDate = dueDate || null;
    if (notes !== todo.notes) changes.notes = notes;
    onDone(Object.keys(changes).length > 0 ? changes : null);
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      onDone(null);
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      save(event);
    }
  }

  return (
    <form className="todo-editor" onSubmit={save} onKeyDown={onKeyDown} aria-label={`Edit “${todo.title}”`}>
      <label className="visually-hidden" htmlFor={`${id}-title`}>
        Title
      </label>
      <input
        id={`${id}-title`}
        className="todo-edit"
        type="text"
        value={title}
        // biome-ignore lint/a11y/noAutofocus: the user just asked to edit this todo
        autoFocus
        onChange={(e) => setTitle(e.target.value)}
        aria-describedby={`${id}-hint ${id}-count`}
        data-testid="todo-edit-input"
      />
      <CharCounter id={`${id}-count`} value={title} max={TITLE_MAX_CHARS} />
      <DueDateField className="todo-edit-due" value={dueDate} onChange={setDueDate} testId="todo-edit-due" />
      <label className="todo-edit-notes">
        <span className="small">Notes</span>
        <textarea
          rows={3}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          aria-describedby={`${id}-hint`}
          data-testid="todo-edit-notes"
        />
      </label>
      <div className="row">
        <span id={`${id}-hint`} className="small muted" data-testid="todo-edit-hint">
          {EDIT_HINT} In the notes, Ctrl+Enter saves.
        </span>
        <span className="spacer" />
        <button type="button" className="button button-quiet button-small" onClick={() => onDone(null)}>
          Cancel
        </button>
        <button type="submit" className="button button-small" data-testid="todo-edit-save">
          Save
        </button>
      </div>
    </form>
  );
}
