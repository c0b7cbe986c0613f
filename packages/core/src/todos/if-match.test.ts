import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { parseIfMatch } from './if-match';

describe('parseIfMatch', () => {
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
