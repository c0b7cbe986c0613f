import { describe, expect, it } from 'vitest';
import { isSlug, SLUG_MAX_CHARS, slugCandidates, slugify } from './slug';

describe('slugify', () => {
  it.each([
    ['Hello, World!', 'hello-world'],
    ['  Crème brûlée à la mode  ', 'creme-brulee-a-la-mode'],
    ['Straße & Ærø: Łódź', 'strasse-and-aero-lodz'],
    ["Don't panic", 'dont-panic'],
    ['Ｆｕｌｌｗｉｄｔｈ １２３', 'fullwidth-123'],
    ['C++ / C# -- tips', 'c-c-tips'],
    ['日本語のタイトル', 'post'],
    ['🎉🎉', 'post'],
    ['---', 'post'],
  ])('%j → %s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
    expect(isSlug(slugify(title))).toBe(true);
  });

  it('cuts long titles at a word boundary within the limit', () => {
    const slug = slugify('The quick brown fox jumps over the lazy dog and keeps on running far away');
    expect(slug).toBe('the-quick-brown-fox-jumps-over-the-lazy-dog-and-keeps-on');
    expect(slug.length).toBeLessThanOrEqual(SLUG_MAX_CHARS);
  });

  it('cuts one very long word hard', () => {
    const slug = slugify('a'.repeat(100));
    expect(slug).toBe('a'.repeat(SLUG_MAX_CHARS));
  });
});

describe('slugCandidates', () => {
  it('tries the base, -2, -3, then random suffixes', () => {
    let n = 0;
    expect(slugCandidates('hello', 5, () => `r${++n}`)).toEqual([
      'hello',
      'hello-2',
      'hello-3',
      'hello-r1',
      'hello-r2',
    ]);
  });

  it('gives distinct slugs with real random suffixes', () => {
    const candidates = slugCandidates('x', 10);
    expect(new Set(candidates).size).toBe(10);
    for (const c of candidates) expect(isSlug(c)).toBe(true);
  });
});

describe('isSlug', () => {
  it.each(['hello', 'a-1', '2024-recap'])('accepts %s', (s) => expect(isSlug(s)).toBe(true));
  it.each(['', 'Hello', 'a--b', '-a', 'a-', 'a b', 'a/b', 'x'.repeat(81)])('rejects %j', (s) =>
    expect(isSlug(s)).toBe(false),
  );
});
