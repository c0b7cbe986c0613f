import { describe, expect, it } from 'vitest';
import { freeName, keyName } from './file-names';

describe('file names', () => {
  it('finds the first free "name (n).ext"', () => {
    expect(freeName('notes.txt', new Set())).toBe('notes.txt');
    expect(freeName('notes.txt', new Set(['notes.txt']))).toBe('notes (2).txt');
    expect(freeName('notes.txt', new Set(['notes.txt', 'notes (2).txt']))).toBe('notes (3).txt');
    expect(freeName('README', new Set(['README']))).toBe('README (2)');
  });

  it('keeps the name but not what would break the key', () => {
    expect(keyName('a/b\\c\u0001.txt')).toBe('a-b-c-.txt');
    expect(keyName('   ')).toBe('file');
  });
});
