import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor';
import { ValidationError } from './errors';
import { newId } from './ids';

const alice = 'a1b2c3d4-0000-4000-8000-000000000001';
const bob = 'a1b2c3d4-0000-4000-8000-000000000002';

/** The todos list's scope: bound to its owner and status filter. */
const todos = (owner: string, filter: string) => ({ list: 'todos', owner, filter });

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ValidationError ? error.code : 'other error';
  }
  return undefined;
}

describe('list cursor (todos: owner and filter)', () => {
  it('round-trips the last todo id for the same user and filter', () => {
    const id = newId();
    const cursor = encodeCursor(todos(alice, 'open'), { id });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(todos(alice, 'open'), cursor)).toEqual({ id });
  });

  it('does not carry the user id in clear', () => {
    const cursor = encodeCursor(todos(alice, 'all'), { id: newId() });
    expect(Buffer.from(cursor, 'base64url').toString()).not.toContain(alice);
  });

  it('refuses a cursor of another user', () => {
    const cursor = encodeCursor(todos(alice, 'all'), { id: newId() });
    expect(codeOf(() => decodeCursor(todos(bob, 'all'), cursor))).toBe('invalid_cursor');
  });

  it('refuses a cursor made for another status filter', () => {
    const cursor = encodeCursor(todos(alice, 'done'), { id: newId() });
    expect(codeOf(() => decodeCursor(todos(alice, 'open'), cursor))).toBe('invalid_cursor');
    expect(codeOf(() => decodeCursor(todos(alice, 'all'), cursor))).toBe('invalid_cursor');
  });

  const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const good = JSON.parse(
    Buffer.from(encodeCursor(todos(alice, 'all'), { id: newId() }), 'base64url').toString(),
  );

  it.each([
    ['not base64url', 'not a cursor!'],
    ['base64 of garbage', Buffer.from('garbage').toString('base64url')],
    ['a JSON number', forge(42)],
    ['JSON null', forge(null)],
    ['a raw DynamoDB key', forge({ userId: bob, todoId: newId() })],
    ['an id that is not a ULID', forge({ ...good, id: 'x' })],
    ['a lower-case id', forge({ ...good, id: newId().toLowerCase() })],
    ['a key injection attempt', forge({ ...good, id: { S: 'x' } })],
    ['an extra field', forge({ ...good, userId: bob })],
    ['another version', forge({ ...good, v: 2 })],
    ['an unknown status', forge({ ...good, f: 'archived' })],
    ['a huge cursor', 'A'.repeat(5000)],
  ])('refuses %s', (_name, cursor) => {
    expect(codeOf(() => decodeCursor(todos(alice, 'all'), cursor))).toBe('invalid_cursor');
  });
});

const position = { at: '2025-01-02T03:04:05.678Z', id: '01JGZ5Q8Q3M8R4T6V7W8X9Y0Z1' };
const published = { list: 'published', timed: true };

describe('list cursor (posts: position by time)', () => {
  it('round-trips', () => {
    expect(decodeCursor(published, encodeCursor(published, position))).toEqual(position);
  });

  it.each([
    ['not base64url', 'abc$%^'],
    ['base64 of garbage', Buffer.from('nope').toString('base64url')],
    ['JSON of the wrong shape', Buffer.from('{"x":1}').toString('base64url')],
    [
      'an extra field',
      Buffer.from(JSON.stringify({ v: 1, l: 'published', ...position, pk: 'x' })).toString('base64url'),
    ],
    ['a bad timestamp', encodeCursor(published, { ...position, at: 'yesterday' })],
    ['a bad id', encodeCursor(published, { ...position, id: 'POST#1' })],
    ['another list', encodeCursor({ list: 'author', owner: 'alice', timed: true }, position)],
    ['too long', 'a'.repeat(600)],
    ['no timestamp', encodeCursor({ list: 'published' }, { id: position.id })],
  ])('rejects %s as invalid_cursor', (_what, cursor) => {
    expect(codeOf(() => decodeCursor(published, cursor))).toBe('invalid_cursor');
  });
});
