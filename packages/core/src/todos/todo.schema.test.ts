import { describe, expect, it } from 'vitest';
import {
  clearTodosQuerySchema,
  createTodoSchema,
  listTodosQuerySchema,
  updateTodoSchema,
} from './todo.schema';

describe('createTodoSchema', () => {
  it('accepts a title alone and trims it', () => {
    expect(createTodoSchema.parse({ title: '  Buy milk  ' })).toEqual({ title: 'Buy milk' });
  });

  it('accepts notes and a due date', () => {
    const input = { title: 'Pay rent', notes: 'before noon', dueDate: '2024-02-29' };
    expect(createTodoSchema.parse(input)).toEqual(input);
  });

  it('turns null notes into an empty string and keeps a null due date', () => {
    expect(createTodoSchema.parse({ title: 't', notes: null, dueDate: null })).toEqual({
      title: 't',
      notes: '',
      dueDate: null,
    });
  });

  it.each([
    ['empty title', { title: '' }],
    ['blank title', { title: '   ' }],
    ['missing title', {}],
    ['201-char title', { title: 'x'.repeat(201) }],
    ['non-string title', { title: 42 }],
    ['10,001-char notes', { title: 't', notes: 'n'.repeat(10_001) }],
    ['30 February', { title: 't', dueDate: '2024-02-30' }],
    ['29 February of a common year', { title: 't', dueDate: '2023-02-29' }],
    ['29 February 2100 (not a leap year)', { title: 't', dueDate: '2100-02-29' }],
    ['month 13', { title: 't', dueDate: '2024-13-01' }],
    ['a datetime', { title: 't', dueDate: '2024-01-01T00:00:00Z' }],
    ['a loose date', { title: 't', dueDate: '2024-1-1' }],
    ['an unknown field', { title: 't', priority: 'high' }],
    ['done on create', { title: 't', done: true }],
    ['an array body', [{ title: 't' }]],
    ['a null body', null],
    ['a string body', 'title'],
  ])('refuses %s', (_name, input) => {
    expect(createTodoSchema.safeParse(input).success).toBe(false);
  });

  it('accepts the limits exactly: 200-char title, 10,000-char notes', () => {
    const parsed = createTodoSchema.parse({ title: 't'.repeat(200), notes: 'n'.repeat(10_000) });
    expect(parsed.title).toHaveLength(200);
    expect(parsed.notes).toHaveLength(10_000);
  });

  it('counts characters, not UTF-16 units: 200 emoji are a valid title', () => {
    expect(createTodoSchema.safeParse({ title: '😀'.repeat(200) }).success).toBe(true);
    expect(createTodoSchema.safeParse({ title: '😀'.repeat(201) }).success).toBe(false);
  });

  it('names the failing field', () => {
    const result = createTodoSchema.safeParse({ title: 't', dueDate: '2024-02-30' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['dueDate']);
  });
});

describe('updateTodoSchema', () => {
  it('accepts any one field', () => {
    expect(updateTodoSchema.parse({ done: true })).toEqual({ done: true });
    expect(updateTodoSchema.parse({ dueDate: null })).toEqual({ dueDate: null });
    expect(updateTodoSchema.parse({ title: ' x ' })).toEqual({ title: 'x' });
  });

  it.each([
    ['an empty patch', {}],
    ['an empty title', { title: '' }],
    ['a string done', { done: 'true' }],
    ['an unknown field', { done: true, version: 3 }],
    ['an id change', { id: '01J00000000000000000000000' }],
  ])('refuses %s', (_name, input) => {
    expect(updateTodoSchema.safeParse(input).success).toBe(false);
  });
});

describe('listTodosQuerySchema', () => {
  it('defaults status to all and leaves limit and cursor unset', () => {
    expect(listTodosQuerySchema.parse({})).toEqual({ status: 'all' });
  });

  it('treats empty parameters as absent', () => {
    expect(listTodosQuerySchema.parse({ status: '', limit: '', cursor: '' })).toEqual({ status: 'all' });
  });

  it('parses limit as a number within 1..100', () => {
    expect(listTodosQuerySchema.parse({ limit: '1' }).limit).toBe(1);
    expect(listTodosQuerySchema.parse({ limit: '100', status: 'done' })).toEqual({
      status: 'done',
      limit: 100,
    });
  });

  it.each(['0', '101', 'abc', '-1', '1.5', '1e2', ' 5', '5,6', '0100'])('refuses limit=%s', (limit) => {
    expect(listTodosQuerySchema.safeParse({ limit }).success).toBe(false);
  });

  it.each(['bogus', 'DONE', 'open,done'])('refuses status=%s', (status) => {
    expect(listTodosQuerySchema.safeParse({ status }).success).toBe(false);
  });

  it('ignores unknown parameters', () => {
    expect(listTodosQuerySchema.parse({ _: '123', status: 'open' })).toEqual({ status: 'open' });
  });
});

describe('clearTodosQuerySchema', () => {
  it('accepts only status=done', () => {
    expect(clearTodosQuerySchema.safeParse({ status: 'done' }).success).toBe(true);
    for (const status of [undefined, '', 'open', 'all']) {
      expect(clearTodosQuerySchema.safeParse({ status }).success).toBe(false);
    }
  });
});
