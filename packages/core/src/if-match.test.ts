import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors';
import { parseIfMatch as parse } from './if-match';

/** Todos: optional (absent means unconditional). */
const parseIfMatch = (header: string | undefined) => parse(header, { what: 'todo', required: false });
/** Posts: required. */
const parseRequired = (header: string | undefined) => parse(header, { what: 'post', required: true });

describe('parseIfMatch, optional (todos)', () => {
  it('reads a quoted version', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch(' "12" ')).toBe(12);
  });

  it('tolerates a weak tag and a bare number', () => {
    expect(parseIfMatch('W/"4"')).toBe(4);
    expect(parseIfMatch('5')).toBe(5);
  });

  it('means "unconditional" when absent, empty or *', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('')).toBeUndefined();
    expect(parseIfMatch('*')).toBeUndefined();
  });

  it.each(['"abc"', '"0"', '"-1"', '"3', '3"', '"1", "2"', '"9999999999999999"', '"Sx1yAbc"'])(
    'refuses %s with invalid_if_match',
    (header) => {
      expect(() => parseIfMatch(header)).toThrow(ValidationError);
      try {
        parseIfMatch(header);
      } catch (error) {
        expect((error as ValidationError).code).toBe('invalid_if_match');
      }
    },
  );
});

describe('parseIfMatch, required (posts)', () => {
  it.each([
    ['"3"', 3],
    ['W/"12"', 12],
    [' 7 ', 7],
  ])('%j → %i', (header, version) => expect(parseRequired(header)).toBe(version));

  it.each([
    [undefined, 'if_match_required'],
    ['', 'if_match_required'],
    ['"abc"', 'invalid_if_match'],
    ['*', 'invalid_if_match'],
    ['"1", "2"', 'invalid_if_match'],
  ])('%j → 400 %s', (header, code) => {
    expect(() => parseRequired(header)).toThrow(expect.objectContaining({ code }));
    expect(() => parseRequired(header)).toThrow(ValidationError);
  });
});
