import { describe, expect, it } from 'vitest';
import {
  InvalidObjectKeyError,
  isUploadOf,
  parseUploadKey,
  privateFileKey,
  privateFilesPrefix,
  thumbnailsPrefix,
  uploadKey,
  uploadsPrefix,
} from './s3-keys';

const A = '0b5f2d6e-7c1a-4e3b-9d2f-0123456789ab';
const B = 'f1e2d3c4-b5a6-4789-8abc-def012345678';

describe('S3 key layout', () => {
  it('keys every prefix by the user id', () => {
    expect(privateFilesPrefix(A)).toBe(`private/${A}/`);
    expect(uploadsPrefix(A)).toBe(`uploads/${A}/`);
    expect(thumbnailsPrefix(A)).toBe(`thumbnails/${A}/`);
    expect(privateFileKey(A, 'notes/a.txt')).toBe(`private/${A}/notes/a.txt`);
    expect(uploadKey(A, 'x1-sea.jpg')).toBe(`uploads/${A}/x1-sea.jpg`);
  });

  it.each(['', '..', '.', 'a/b', 'us-east-1:abc', 'x'.repeat(129)])('refuses the user id %j', (id) => {
    expect(() => uploadsPrefix(id)).toThrow(InvalidObjectKeyError);
  });

  it.each(['', '../x', 'a/../b', 'a//b', './a', 'a\u0000b', 'x'.repeat(1100)])(
    'refuses the name %j',
    (name) => {
      expect(() => uploadKey(A, name)).toThrow(InvalidObjectKeyError);
      expect(() => privateFileKey(A, name)).toThrow(InvalidObjectKeyError);
    },
  );

  it('parses the owner of an upload key', () => {
    expect(parseUploadKey(`uploads/${A}/dir/p.png`)).toEqual({
      key: `uploads/${A}/dir/p.png`,
      userId: A,
      name: 'dir/p.png',
    });
    expect(parseUploadKey(`uploads/${A}/../${B}/p.png`)).toBeUndefined();
    expect(parseUploadKey(`private/${A}/p.png`)).toBeUndefined();
    expect(parseUploadKey(`uploads/${A}`)).toBeUndefined();
  });

  it('says whose upload a key is', () => {
    expect(isUploadOf(A, `uploads/${A}/p.png`)).toBe(true);
    expect(isUploadOf(B, `uploads/${A}/p.png`)).toBe(false);
    expect(isUploadOf(A, `uploads/${A}/../${B}/p.png`)).toBe(false);
    expect(isUploadOf(A, `uploads/${A}x/p.png`)).toBe(false);
  });
});
