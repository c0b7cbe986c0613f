import { isValid, monotonicFactory } from 'ulid';

// Monotonic within one process, so items created in the same millisecond still sort newest first.
const nextUlid = monotonicFactory();

/** A new id (todo, post): a ULID, so ids sort by creation time. */
export function newId(now: Date = new Date()): string {
  return nextUlid(now.getTime());
}

/** True for a canonical (upper-case) ULID, the only shape our ids take. */
export function isId(value: string): boolean {
  return value.length === 26 && value === value.toUpperCase() && isValid(value);
}
