import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { decodeCursor, encodeCursor } from './cursor';
import { newTodoId } from './todo';

const alice = 'a1b2c3d4-0000-4000-8000-000000000001';
const bob = 'a1b2c3d4-0000-4000-8000-000000000002';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ValidationError ? error.code : 'other error';
  }
  return undefined;
}

describe('list cursor', () => {
  it('round-trips the last todo id for the same user and filter', () => {
    const id = newTodoId();
    const cursor = encodeCursor(alice, 'open', id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, alice, 'open')).toBe(id);
  });

  it('does not carry the user id in clear', () => {
    const cursor = encodeCursor(alice, 'all', newTodoId());
    expect(Buffer.from(cursor, 'base64url').toString()).not.toContain(alice);
  });

  it('refuses a cursor of another user', () => {
    const cursor = encodeCursor(alice, 'all', newTodoId());
    expect(codeOf(() => decodeCursor(cursor, bob, 'all'))).toBe('invalid_cursor');
  });

  it('refuses a cursor made for another status filter', () => {
    const cursor = encodeCursor(alice, 'done', newTodoId());
    expect(codeOf(() => decodeCursor(cursor, alice, 'open'))).toBe('invalid_cursor');
    expect(codeOf(() => decodeCursor(cursor, alice, 'all'))).toBe('invalid_cursor');
  });

  const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const good = JSON.parse(Buffer.from(encodeCursor(alice, 'all', newTodoId()), 'base64url').toString());

  it.each([
    ['not base64url', 'not a cursor!'],
    ['base64 of garbage', Buffer.from('garbage').toString('base64url')],
    ['a JSON number', forge(42)],
    ['JSON null', forge(null)],
    ['a raw DynamoDB key', forge({ userId: bob, todoId: newTodoId() })],
    ['an id that is not a ULID', forge({ ...good, id: 'x' })],
    ['a lower-case id', forge({ ...good, id: newTodoId().toLowerCase() })],
    ['a key injection attempt', forge({ ...good, id: { S: 'x' } })],
    ['an extra field', forge({ ...good, userId: bob })],
    ['another version', forge({ ...good, v: 2 })],
    ['an unknown status', forge({ ...good, s: 'archived' })],
    ['a huge cursor', 'A'.repeat(5000)],
  ])('refuses %s', (_name, cursor) => {
    expect(codeOf(() => decodeCursor(cursor, alice, 'all'))).toBe('invalid_cursor');
  });
});
