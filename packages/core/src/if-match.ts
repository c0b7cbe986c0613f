import { ValidationError } from './errors';

export interface IfMatchOptions {
  /** What carries the version, for the messages (`todo`, `post`). */
  what: string;
  /**
   * Required: absent (or empty) is a 400 `if_match_required`, and `*` is refused. Optional:
   * absent, empty or `*` means an unconditional update.
   */
  required: boolean;
}

/**
 * Reads `If-Match: "<version>"` (a weak `W/"3"` and a bare `3` are tolerated) → the version (≥ 1),
 * or a 400 `invalid_if_match`. A stale version is the caller's 409, not this function's.
 */
export function parseIfMatch(
  header: string | undefined,
  options: IfMatchOptions & { required: true },
): number;
export function parseIfMatch(header: string | undefined, options: IfMatchOptions): number | undefined;
export function parseIfMatch(
  header: string | undefined,
  { what, required }: IfMatchOptions,
): number | undefined {
  const value = header?.trim() ?? '';
  if (value === '' || (value === '*' && !required)) {
    if (!required) return undefined;
    if (value === '') {
      throw new ValidationError(`If-Match header with the ${what} version is required, e.g. If-Match: "3"`, {
        code: 'if_match_required',
      });
    }
  }
  const match = /^(?:W\/)?(?:"(\d{1,15})"|(\d{1,15}))$/.exec(value);
  const version = Number(match?.[1] ?? match?.[2]);
  if (!match || !Number.isSafeInteger(version) || version < 1) {
    throw new ValidationError(`If-Match must be the ${what} version in quotes, e.g. If-Match: "3"`, {
      code: 'invalid_if_match',
    });
  }
  return version;
}
