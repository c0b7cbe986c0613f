import { describe, expect, it } from 'vitest';
import { newId } from '../ids';
import { statusKey, statusOf } from './todo';

describe('status key of the byStatus index', () => {
  it('prefixes the todo id with its status', () => {
    expect(statusKey(false, '01HZX')).toBe('open#01HZX');
    expect(statusKey(true, '01HZX')).toBe('done#01HZX');
    expect(statusOf(true)).toBe('done');
    expect(statusOf(false)).toBe('open');
  });

  it('sorts like the todo ids within one status, so the index is newest first too', () => {
    const ids = Array.from({ length: 50 }, () => newId());
    const keys = ids.map((id) => statusKey(true, id));
    expect([...keys].sort()).toEqual(keys);
  });
});
