import { describe, expect, it } from 'vitest';
import { InvalidObjectKeyError } from './s3-keys';
import { thumbnailKey } from './thumbnail-key';

const ID = '6a3c1f4e-1b2d-4c5e-9f00-123456789abc';

describe('thumbnailKey', () => {
  it.each([
    [`uploads/${ID}/photo.jpg`, 320, `thumbnails/${ID}/photo.jpg-w320.webp`],
    [`uploads/${ID}/photo.jpg`, 1280, `thumbnails/${ID}/photo.jpg-w1280.webp`],
    [`uploads/${ID}/a.b.c.jpg`, 320, `thumbnails/${ID}/a.b.c.jpg-w320.webp`],
    [`uploads/${ID}/no-extension`, 320, `thumbnails/${ID}/no-extension-w320.webp`],
    [`uploads/${ID}/.dotfile`, 320, `thumbnails/${ID}/.dotfile-w320.webp`],
    [`uploads/${ID}/trailing.`, 320, `thumbnails/${ID}/trailing.-w320.webp`],
    [`uploads/${ID}/2024/06/holiday.photo.PNG`, 320, `thumbnails/${ID}/2024/06/holiday.photo.PNG-w320.webp`],
    [`uploads/${ID}/dir.with.dots/name`, 320, `thumbnails/${ID}/dir.with.dots/name-w320.webp`],
    [`uploads/${ID}/..not-a-parent.jpg`, 320, `thumbnails/${ID}/..not-a-parent.jpg-w320.webp`],
    [`uploads/${ID}/a..b.jpg`, 320, `thumbnails/${ID}/a..b.jpg-w320.webp`],
    [`uploads/${ID}/with space & ümlaut.webp`, 320, `thumbnails/${ID}/with space & ümlaut.webp-w320.webp`],
  ])('%s at %i → %s', (uploadKey, width, expected) => {
    expect(thumbnailKey(uploadKey, width)).toBe(expected);
  });

  // Regression (issue 11): good.png and good.jpg shared good-w320.webp, so the status of one upload
  // showed the other's thumbnail.
  it('gives uploads that differ only in extension different thumbnails', () => {
    const png = thumbnailKey(`uploads/${ID}/good.png`, 320);
    const jpg = thumbnailKey(`uploads/${ID}/good.jpg`, 320);
    expect(png).not.toBe(jpg);
  });

  it.each([
    ['thumbnails/id/photo.jpg', 'not under uploads/'],
    ['private/id/photo.jpg', 'not under uploads/'],
    ['/uploads/id/photo.jpg', 'not under uploads/'],
    ['Uploads/id/photo.jpg', 'not under uploads/'],
    ['uploads/photo.jpg', 'expected uploads/{userId}/{name}'],
    ['uploads/', 'expected uploads/{userId}/{name}'],
    ['uploads/id/', 'empty path segment'],
    ['uploads//photo.jpg', 'empty path segment'],
    ['uploads/id/a//b.jpg', 'empty path segment'],
    ['uploads/id/../other/photo.jpg', '".." path segment'],
    ['uploads/../thumbnails/photo.jpg', '".." path segment'],
    ['uploads/id/..', '".." path segment'],
    ['uploads/id/./photo.jpg', '"." path segment'],
    ['uploads/us-east-1:abc/photo.jpg', 'not a user id'],
  ])('rejects %s (%s)', (uploadKey, reason) => {
    const call = () => thumbnailKey(uploadKey, 320);
    expect(call).toThrow(InvalidObjectKeyError);
    expect(call).toThrow(expect.objectContaining({ code: 'invalid_object_key', key: uploadKey, reason }));
  });

  it.each([0, -320, 320.5, Number.NaN, 16_384])('rejects width %s', (width) => {
    expect(() => thumbnailKey(`uploads/${ID}/photo.jpg`, width)).toThrow(RangeError);
  });
});
