import * as z from 'zod';
import { ValidationError } from '../errors';

/**
 * A position in a newest-first listing: the sort timestamp and id of the last item returned.
 * The DynamoDB start key is rebuilt from it on the server, inside the partition the caller may
 * read, so a tampered cursor can only move within that list; anything malformed is a 400.
 */
export interface CursorPosition {
  at: string;
  id: string;
}

const cursorSchema = z.strictObject({
  l: z.string(),
  at: z.iso.datetime(),
  id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/),
});

export function encodeCursor(list: string, position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ l: list, at: position.at, id: position.id }), 'utf8').toString(
    'base64url',
  );
}

/** Decodes a cursor made by `encodeCursor` for the same `list`, or throws 400 `invalid_cursor`. */
export function decodeCursor(list: string, cursor: string): CursorPosition {
  const invalid = () =>
    new ValidationError('The cursor is not valid for this list', { code: 'invalid_cursor' });
  if (cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const result = cursorSchema.safeParse(parsed);
  if (!result.success || result.data.l !== list) throw invalid();
  return { at: result.data.at, id: result.data.id };
}
