// The limits of what a user may type, shared by the API (zod schemas) and the web forms, and the
// one way both count characters. No imports: the web app bundles this file as it is.

/** Length as a person counts it: code points, so an emoji or an accented letter counts once, not twice. */
export function charCount(value: string): number {
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}

export const TODO_TITLE_MAX_CHARS = 200;
export const TODO_NOTES_MAX_CHARS = 10_000;
export const POST_TITLE_MAX_CHARS = 200;
export const POST_BODY_MAX_CHARS = 100_000;
/** The cover image's alt text: a sentence or two, as screen-reader guidance suggests. */
export const POST_COVER_ALT_MAX_CHARS = 250;
export const DISPLAY_NAME_MAX_CHARS = 80;

/** `limit` of every list route: 1..100, 20 when absent. */
export const PAGE_SIZE_MAX = 100;
export const PAGE_SIZE_DEFAULT = 20;
