'use client';

import { TODO_TITLE_MAX_CHARS as TITLE_MAX_CHARS } from '@app/core/limits';
import { type FormEvent, type RefObject, useState } from 'react';
import { CharCounter, charCount } from '@/components/char-counter';
import type { Message } from '@/components/message-region';
import type { NewTodo } from './use-todos';

export const TITLE_TOO_LONG = `A title can have at most ${TITLE_MAX_CHARS} characters.`;

/** A todo's due date (a native date picker; '' is none), for the add form and the editor. */
export function DueDateField({
  className,
  muted,
  value,
  onChange,
  testId,
}: {
  className: string;
  /** Greys the word "Due" (the add form, where the date is optional extra). */
  muted?: boolean;
  value: string;
  onChange(value: string): void;
  testId: string;
}) {
  return (
    <label className={className}>
      <span className={muted ? 'small muted' : 'small'}>Due</span>
      <input type="date" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </label>
  );
}

/** The "What needs doing?" line, with an optional due date. */
export function TodoAddForm({
  inputRef,
  onAdd,
  onProblem,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  onAdd(draft: NewTodo): Promise<boolean>;
  onProblem(message: Message): void;
}) {
  const [title, setTitle] = useState('');
  const [dueDate, setDueDate] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) return onProblem({ kind: 'error', text: 'Write what needs doing first.' });
    if (charCount(trimmed) > TITLE_MAX_CHARS) return onProblem({ kind: 'error', text: TITLE_TOO_LONG });
    const draft = { title: trimmed, dueDate: dueDate || null };
    setTitle('');
    setDueDate('');
    // Sent in the background (the user may type the next one meanwhile); a refused todo comes
    // back into the empty field, never over what the user is typing now.
    void onAdd(draft).then((saved) => {
      if (!saved) setTitle((current) => current || draft.title);
    });
  }

  return (
    <form className="todo-add" onSubmit={submit}>
      <div className="todo-add-title">
        <label htmlFor="new-todo" className="visually-hidden">
          New todo
        </label>
        <input
          id="new-todo"
          ref={inputRef}
          type="text"
          placeholder="What needs doing?"
          autoComplete="off"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          aria-describedby={title ? 'new-todo-count' : undefined}
          data-testid="todo-new-title"
        />
        {title ? <CharCounter id="new-todo-count" value={title} max={TITLE_MAX_CHARS} /> : null}
      </div>
      <DueDateField
        className="todo-add-due"
        muted
        value={dueDate}
        onChange={setDueDate}
        testId="todo-new-due"
      />
      <button type="submit" className="button" data-testid="todo-add">
        Add
      </button>
    </form>
  );
}
