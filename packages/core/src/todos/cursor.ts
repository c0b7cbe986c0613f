import { createHash } from 'node:crypto';
import * as z from 'zod';
import { ValidationError } from '../errors';
import { isTodoId, TODO_STATUSES, type TodoStatusFilter } from './todo';

/**
 * The list cursor: base64url JSON of the last todo id returned, the status filter it was made
 * for, and a tag of the owner's user id.
 *
 * It needs no secret: the cursor is only a position. The table key is rebuilt from the caller's
 * own user id, so whatever a client sends, the Query stays on the caller's partition and can
 * never read another user's data. The tag and filter are checked so that a cursor used with
 * another account or another filter is refused (400) instead of silently paging from a stray
 * position; anything malformed is refused too.
 */
const cursorSchema = z.strictObject({
  v: z.literal(1),
  s: z.enum(TODO_STATUSES),
  id: z.string().refine(isTodoId),
  u: z.string(),
});

const MAX_CURSOR_LENGTH = 512;

function ownerTag(userId: string): string {
  return createHash('sha256').update(`todos-cursor:${userId}`).digest('base64url').slice(0, 16);
}

function invalidCursor(): ValidationError {
  return new ValidationError('cursor is not valid for this list: start again without a cursor', {
    code: 'invalid_cursor',
  });
}

export function encodeCursor(userId: string, status: TodoStatusFilter, lastTodoId: string): string {
  const payload: z.input<typeof cursorSchema> = { v: 1, s: status, id: lastTodoId, u: ownerTag(userId) };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** The todo id to continue after, or a ValidationError with code `invalid_cursor`. */
export function decodeCursor(cursor: string, userId: string, status: TodoStatusFilter): string {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success || parsed.data.s !== status || parsed.data.u !== ownerTag(userId))
    throw invalidCursor();
  return parsed.data.id;
}
