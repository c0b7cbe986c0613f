import { createHash } from 'node:crypto';
import { ValidationError } from './errors';
import { isId } from './ids';
import * as z from './zod';

/**
 * Which listing a cursor belongs to: the list's name, its filter (e.g. a status) and its owner
 * (the user whose partition it reads), when it has one.
 */
export interface CursorScope {
  list: string;
  filter?: string;
  owner?: string;
  /** Ordered by time: a position must carry `at` (and only then). */
  timed?: boolean;
}

/** A position in a newest-first listing: the id of the last item returned and, where the order is by time, its timestamp. */
export interface CursorPosition {
  id: string;
  at?: string;
}

/**
 * The one list cursor: base64url JSON of the position plus the scope it was made for. It needs no
 * secret: it is only a position, and the table key is rebuilt on the server inside the partition
 * the caller may read, so a tampered cursor can only move within that list. A cursor used with
 * another list, filter or owner is refused (400 `invalid_cursor`) instead of paging from a stray
 * position; so is anything malformed. The owner is carried as a tag, never in clear.
 */
const cursorSchema = z.strictObject({
  v: z.literal(1),
  l: z.string(),
  f: z.optional(z.string()),
  o: z.optional(z.string()),
  id: z.string().check(z.refine(isId)),
  at: z.optional(z.iso.datetime()),
});

const MAX_CURSOR_LENGTH = 512;

function ownerTag(scope: CursorScope): string | undefined {
  if (scope.owner === undefined) return undefined;
  return createHash('sha256').update(`${scope.list}-cursor:${scope.owner}`).digest('base64url').slice(0, 16);
}

function invalidCursor(): ValidationError {
  return new ValidationError('cursor is not valid for this list: start again without a cursor', {
    code: 'invalid_cursor',
  });
}

export function encodeCursor(scope: CursorScope, position: CursorPosition): string {
  const payload: z.input<typeof cursorSchema> = {
    v: 1,
    l: scope.list,
    f: scope.filter,
    o: ownerTag(scope),
    id: position.id,
    at: position.at,
  };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** The position a cursor made by `encodeCursor` for the same scope points at, or a 400 `invalid_cursor`. */
export function decodeCursor(scope: CursorScope, cursor: string): CursorPosition {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const parsed = cursorSchema.safeParse(json);
  if (
    !parsed.success ||
    parsed.data.l !== scope.list ||
    parsed.data.f !== scope.filter ||
    parsed.data.o !== ownerTag(scope) ||
    (parsed.data.at !== undefined) !== (scope.timed ?? false)
  )
    throw invalidCursor();
  const { id, at } = parsed.data;
  return at === undefined ? { id } : { id, at };
}
