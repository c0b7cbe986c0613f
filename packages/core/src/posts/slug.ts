import { randomBytes } from 'node:crypto';

export const SLUG_MAX_CHARS = 60;

// Letters that Unicode decomposition does not fold to ASCII.
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŋ: 'ng',
  '&': ' and ',
};

/**
 * A readable, URL-safe slug from a title: ASCII-folded (`Crème brûlée` → `creme-brulee`),
 * lower-case kebab-case, at most 60 characters, cut at a word boundary when possible.
 * Titles with nothing foldable (e.g. only CJK or emoji) give `post`.
 */
export function slugify(title: string): string {
  const folded = title
    .toLowerCase()
    .replace(/[ßæœøđðþłıħŧŋ&]/g, (c) => SPECIAL_LETTERS[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (folded === '') return 'post';
  if (folded.length <= SLUG_MAX_CHARS) return folded;
  const cut = folded.slice(0, SLUG_MAX_CHARS + 1);
  const lastDash = cut.lastIndexOf('-');
  // Cut at the last whole word unless that would throw most of the slug away.
  const trimmed = lastDash >= SLUG_MAX_CHARS / 2 ? cut.slice(0, lastDash) : folded.slice(0, SLUG_MAX_CHARS);
  return trimmed.replace(/-+$/g, '');
}

/**
 * Slugs to try in order when the base is taken: `base`, `base-2`, `base-3`, then short random
 * suffixes, so a popular title does not walk a long numbered sequence one write at a time.
 */
export function slugCandidates(base: string, attempts = 6, random = randomSuffix): string[] {
  const out = [base, `${base}-2`, `${base}-3`];
  while (out.length < attempts) out.push(`${base}-${random()}`);
  return out.slice(0, attempts);
}

function randomSuffix(): string {
  // 6 base-36 characters: ~2 billion values, enough to make a second collision negligible.
  return (randomBytes(4).readUInt32BE() % 36 ** 6).toString(36).padStart(6, '0');
}

/** Shape of a slug in a URL: lower-case kebab-case. Anything else cannot exist, so it is a 404. */
export function isSlug(value: string): boolean {
  return value.length <= 80 && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value);
}
