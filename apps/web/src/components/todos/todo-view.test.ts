import type { Todo } from '@app/core/todos';
import { describe, expect, it } from 'vitest';
import { parseTodoView, sortTodos, todoViewQuery } from './todo-view';

const todo = (id: string, dueDate: string | null): Todo => ({
  id,
  title: id,
  notes: '',
  done: false,
  dueDate,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
});

describe('todo view', () => {
  it('sorts by due date, soonest first, undated last, ties in API order', () => {
    const list = [todo('a', null), todo('b', '2026-03-01'), todo('c', '2026-01-15'), todo('d', '2026-03-01')];
    expect(sortTodos(list, 'due').map((t) => t.id)).toEqual(['c', 'b', 'd', 'a']);
    expect(sortTodos(list, 'newest').map((t) => t.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('round-trips through the query string and ignores unknown values', () => {
    expect(todoViewQuery({ filter: 'all', sort: 'newest' })).toBe('');
    const query = todoViewQuery({ filter: 'open', sort: 'due' });
    expect(query).toBe('?show=open&sort=due');
    expect(parseTodoView(new URLSearchParams(query))).toEqual({ filter: 'open', sort: 'due' });
    expect(parseTodoView(new URLSearchParams('show=bogus&sort=x'))).toEqual({
      filter: 'all',
      sort: 'newest',
    });
  });
});
