import { describe, expect, it } from 'vitest';
import { KeyLocks, locksOf } from './key-locks';
import { resolveOperation } from './s3-operations';
import type { RequestParts } from './sigv4';

/** Resolves once every pending promise callback has run: whatever is still waiting is blocked. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function track<T>(promise: Promise<T>) {
  const state = { done: false, value: undefined as T | undefined };
  promise.then((value) => {
    state.done = true;
    state.value = value;
  });
  return state;
}

describe('KeyLocks', () => {
  it('shares a key among readers, makes a writer wait for them, and forgets idle keys', async () => {
    const locks = new KeyLocks();
    const r1 = await locks.acquire([{ key: 'b/k', mode: 'read' }]);
    const r2 = await locks.acquire([{ key: 'b/k', mode: 'read' }]);
    const writer = track(locks.acquire([{ key: 'b/k', mode: 'write' }]));
    await settle();
    expect(writer.done).toBe(false);
    r1();
    r1(); // a second release of the same grant changes nothing
    await settle();
    expect(writer.done).toBe(false);
    r2();
    await settle();
    expect(writer.done).toBe(true);
    writer.value?.();
    expect(locks.size).toBe(0);
  });

  it('a waiting writer holds back later readers, so readers cannot starve it', async () => {
    const locks = new KeyLocks();
    const first = await locks.acquire([{ key: 'b/k', mode: 'read' }]);
    const writer = track(locks.acquire([{ key: 'b/k', mode: 'write' }]));
    const later = track(locks.acquire([{ key: 'b/k', mode: 'read' }]));
    await settle();
    expect([writer.done, later.done]).toEqual([false, false]);
    first();
    await settle();
    expect([writer.done, later.done]).toEqual([true, false]);
    writer.value?.();
    await settle();
    expect(later.done).toBe(true);
    later.value?.();
    expect(locks.size).toBe(0);
  });

  it('two copies in opposite directions both finish (keys are locked in one order)', async () => {
    const locks = new KeyLocks();
    const holder = await locks.acquire([{ key: 'b/x', mode: 'read' }]);
    const aToB = track(
      locks.acquire([
        { key: 'b/y', mode: 'write' },
        { key: 'b/x', mode: 'read' },
      ]),
    );
    const bToA = track(
      locks.acquire([
        { key: 'b/x', mode: 'write' },
        { key: 'b/y', mode: 'read' },
      ]),
    );
    holder();
    await settle();
    expect(aToB.done || bToA.done).toBe(true);
    (aToB.value ?? bToA.value)?.();
    await settle();
    expect(aToB.done && bToA.done).toBe(true);
    aToB.value?.();
    bToA.value?.();
    expect(locks.size).toBe(0);
  });
});

describe('locksOf', () => {
  const parts = (
    method: string,
    headers: Record<string, string[]> = {},
    query: string[] = [],
  ): RequestParts => ({
    method,
    rawPath: '',
    headers,
    query: query.map((key) => ({ key, value: '', rawKey: key, rawValue: '' })),
  });
  const of = (p: RequestParts, key?: string) => locksOf(resolveOperation(p, 'media', key), p);

  it('reads lock the key shared, overwrites exclusively, a copy also reads its source', () => {
    expect(of(parts('GET'), 'a.jpg')).toEqual([{ key: 'media/a.jpg', mode: 'read' }]);
    expect(of(parts('HEAD'), 'a.jpg')).toEqual([{ key: 'media/a.jpg', mode: 'read' }]);
    expect(of(parts('PUT'), 'a.jpg')).toEqual([{ key: 'media/a.jpg', mode: 'write' }]);
    expect(of(parts('DELETE'), 'a.jpg')).toEqual([{ key: 'media/a.jpg', mode: 'write' }]);
    expect(of(parts('POST', {}, ['uploadId']), 'a.jpg')).toEqual([{ key: 'media/a.jpg', mode: 'write' }]);
    expect(of(parts('PUT', { 'x-amz-copy-source': ['/files/src%20x.jpg'] }), 'a.jpg')).toEqual([
      { key: 'media/a.jpg', mode: 'write' },
      { key: 'files/src x.jpg', mode: 'read' },
    ]);
    expect(of(parts('GET'))).toEqual([]);
    expect(of(parts('PUT', {}, ['tagging']), 'a.jpg')).toEqual([]);
  });
});
