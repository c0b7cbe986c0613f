import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { decodeCursor, encodeCursor } from './cursor';

const position = { at: '2025-01-02T03:04:05.678Z', id: '01JGZ5Q8Q3M8R4T6V7W8X9Y0Z1' };

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof ValidationError ? error.code : 'other';
  }
}

describe('cursor', () => {
  it('round-trips', () => {
    expect(decodeCursor('published', encodeCursor('published', position))).toEqual(position);
  });

  it.each([
    ['not base64url', 'abc$%^'],
    ['base64 of garbage', Buffer.from('nope').toString('base64url')],
    ['JSON of the wrong shape', Buffer.from('{"x":1}').toString('base64url')],
    [
      'an extra field',
      Buffer.from(JSON.stringify({ l: 'published', ...position, pk: 'x' })).toString('base64url'),
    ],
    ['a bad timestamp', encodeCursor('published', { ...position, at: 'yesterday' })],
    ['a bad id', encodeCursor('published', { ...position, id: 'POST#1' })],
    ['another list', encodeCursor('author', position)],
    ['too long', 'a'.repeat(600)],
  ])('rejects %s as invalid_cursor', (_what, cursor) => {
    expect(codeOf(() => decodeCursor('published', cursor))).toBe('invalid_cursor');
  });
});
