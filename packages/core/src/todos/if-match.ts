import { ValidationError } from '../errors';

/**
 * Reads `If-Match` for PATCH /todos/{id}.
 *
 * Choice: the header is optional. Absent (or `*`) means an unconditional update of an existing
 * todo; present, it must be the version in quotes (`"3"`; `W/"3"` and a bare `3` are tolerated)
 * and must match, else 409. SPEC §4 lists no 428, so a missing header is not an error, and
 * clients that care about lost updates (the web app) always send it.
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '' || value === '*') return undefined;
  const match = /^(?:W\/)?(?:"(\d{1,15})"|(\d{1,15}))$/.exec(value);
  const version = Number(match?.[1] ?? match?.[2]);
  if (!match || !Number.isSafeInteger(version) || version < 1) {
    throw new ValidationError('If-Match must be the todo version in quotes, e.g. If-Match: "3"', {
      code: 'invalid_if_match',
    });
  }
  return version;
}
