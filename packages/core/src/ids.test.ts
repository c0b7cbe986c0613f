import { decodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import { isId, newId } from './ids';

describe('ids (todos, posts)', () => {
  it('are ULIDs carrying the creation time', () => {
    const before = Date.now();
    const id = newId();
    expect(isId(id)).toBe(true);
    expect(decodeTime(id)).toBeGreaterThanOrEqual(before);
    expect(decodeTime(id)).toBeLessThanOrEqual(Date.now());
  });

  it('grow strictly within the same millisecond', () => {
    const now = new Date();
    const ids = Array.from({ length: 1000 }, () => newId(now));
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
    expect(isId(value)).toBe(false);
  });
});
