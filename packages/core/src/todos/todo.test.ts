import { decodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import { isTodoId, newTodoId, statusKey, statusOf } from './todo';

describe('status key of the byStatus index', () => {
  it('prefixes the todo id with its status', () => {
    expect(statusKey(false, '01HZX')).toBe('open#01HZX');
    expect(statusKey(true, '01HZX')).toBe('done#01HZX');
    expect(statusOf(true)).toBe('done');
    expect(statusOf(false)).toBe('open');
  });

  it('sorts like the todo ids within one status, so the index is newest first too', () => {
    const ids = Array.from({ length: 50 }, () => newTodoId());
    const keys = ids.map((id) => statusKey(true, id));
    expect([...keys].sort()).toEqual(keys);
  });
});

describe('todo ids', () => {
  it('are ULIDs carrying the creation time', () => {
    const before = Date.now();
    const id = newTodoId();
    expect(isTodoId(id)).toBe(true);
    expect(decodeTime(id)).toBeGreaterThanOrEqual(before);
    expect(decodeTime(id)).toBeLessThanOrEqual(Date.now());
  });

  it('grow strictly within the same millisecond', () => {
    const now = new Date();
    const ids = Array.from({ length: 1000 }, () => newTodoId(now));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it.each([
    '',
    'abc',
    '01HZXAAAAAAAAAAAAAAAAAAAAA0',
    '01hzxaaaaaaaaaaaaaaaaaaaaa',
    '01HZXAAAAAAAAAAAAAAAAAAAAU',
    '../etc/passwd',
  ])('refuses %j as an id', (value) => {
    expect(isTodoId(value)).toBe(false);
  });
});
