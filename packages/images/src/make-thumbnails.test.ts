import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageRejectedError, type ImageRejectionCode } from './image-rejected-error';
import { DEFAULT_THUMBNAIL_LIMITS, makeThumbnails, type ThumbnailLimits } from './make-thumbnails';
import { pngHeaderOnly } from './test-fixtures';

// Every input is generated here with sharp (or by hand for the PNG bomb): no binary fixtures.

const RED = { r: 255, g: 0, b: 0 };
const BLUE = { r: 0, g: 0, b: 255 };

/** Left half red, right half blue (400×200 by default), so the rotation direction shows. */
function halves(width = 400, height = 200): Sharp {
  return sharp({ create: { width, height, channels: 3, background: BLUE } }).composite([
    { input: { create: { width: width / 2, height, channels: 3, background: RED } }, left: 0, top: 0 },
  ]);
}

function noise(width: number, height: number): Sharp {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: 'grey',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  });
}

/** Deterministic pseudo-random bytes (no image magic by construction of the first byte). */
function garbage(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = 0x2545f491;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  bytes[0] = 0x42;
  return bytes;
}

function first<T>(items: readonly T[]): T {
  const [item] = items;
  if (item === undefined) throw new Error('expected at least one item');
  return item;
}

async function pixelAt(webp: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(webp).raw().toBuffer({ resolveWithObject: true });
  const offset = (y * info.width + x) * info.channels;
  return [...data.subarray(offset, offset + info.channels)];
}

async function rejection(
  input: Buffer,
  widths?: readonly number[],
  limits?: Partial<ThumbnailLimits>,
): Promise<ImageRejectedError> {
  const error = await makeThumbnails(input, widths, limits).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImageRejectedError);
  return error as ImageRejectedError;
}

async function expectRejected(input: Buffer, code: ImageRejectionCode, limits?: Partial<ThumbnailLimits>) {
  const error = await rejection(input, undefined, limits);
  expect(error.code).toBe(code);
  expect(error.reason).not.toBe('');
  return error;
}

describe('makeThumbnails', () => {
  it('makes 320 and 1280 px WebP thumbnails of a 12-megapixel JPEG, keeping the aspect ratio', async () => {
    const photo = await noise(4000, 3000).jpeg({ quality: 80 }).toBuffer();

    const thumbnails = await makeThumbnails(photo);

    expect(thumbnails.map(({ width, height, suffix }) => ({ width, height, suffix }))).toEqual([
      { width: 320, height: 240, suffix: 'w320' },
      { width: 1280, height: 960, suffix: 'w1280' },
    ]);
    for (const thumbnail of thumbnails) {
      expect(thumbnail.contentType).toBe('image/webp');
      const metadata = await sharp(thumbnail.body).metadata();
      expect(metadata).toMatchObject({ format: 'webp', width: thumbnail.width, height: thumbnail.height });
    }
  });

  describe.each([
    { path: 'one width (direct pipeline)', widths: [320] },
    { path: 'several widths (decode once, scale from raw)', widths: [320, 1280] },
  ])('with $path', ({ widths }) => {
    it('applies EXIF orientation 6 (portrait, rotated clockwise) and strips EXIF, ICC and XMP', async () => {
      const jpeg = await halves()
        .jpeg()
        .withMetadata({ orientation: 6 })
        .withExifMerge({ IFD0: { Copyright: 'someone' } })
        .withIccProfile('p3')
        .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"></x:xmpmeta>')
        .toBuffer();
      const input = await sharp(jpeg).metadata();
      expect(input).toMatchObject({ width: 400, height: 200, orientation: 6 });
      expect(input.exif).toBeDefined();
      expect(input.icc).toBeDefined();
      expect(input.xmp).toBeDefined();

      const thumbnail = first(await makeThumbnails(jpeg, widths));

      // 400×200 turned upright is 200×400: narrower than 320, so it keeps its size.
      expect(thumbnail).toMatchObject({ width: 200, height: 400, suffix: 'w320' });
      const output = await sharp(thumbnail.body).metadata();
      expect(output.height).toBeGreaterThan(output.width);
      expect(output.exif).toBeUndefined();
      expect(output.icc).toBeUndefined();
      expect(output.xmp).toBeUndefined();
      expect(output.orientation).toBeUndefined();
      // Rotating clockwise puts the red left half on top.
      const [r0, , b0] = await pixelAt(thumbnail.body, 100, 20);
      const [r1, , b1] = await pixelAt(thumbnail.body, 100, 380);
      expect(r0).toBeGreaterThan(200);
      expect(b0).toBeLessThan(60);
      expect(b1).toBeGreaterThan(200);
      expect(r1).toBeLessThan(60);
    });

    it('applies the orientation when shrinking on load (4000×2000 → 320×640)', async () => {
      const jpeg = await halves(4000, 2000).jpeg().withMetadata({ orientation: 6 }).toBuffer();

      const thumbnail = first(await makeThumbnails(jpeg, widths));

      expect(thumbnail).toMatchObject({ width: 320, height: 640 });
      const [r0, , b0] = await pixelAt(thumbnail.body, 160, 20);
      const [r1, , b1] = await pixelAt(thumbnail.body, 160, 620);
      expect(r0).toBeGreaterThan(200);
      expect(b0).toBeLessThan(60);
      expect(b1).toBeGreaterThan(200);
      expect(r1).toBeLessThan(60);
    });

    it('keeps PNG transparency', async () => {
      const png = await sharp({
        create: { width: 640, height: 640, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
      })
        .composite([
          {
            input: { create: { width: 320, height: 320, channels: 4, background: RED } },
            left: 160,
            top: 160,
          },
        ])
        .png()
        .toBuffer();

      const thumbnail = first(await makeThumbnails(png, widths));

      expect(thumbnail).toMatchObject({ width: 320, height: 320 });
      expect((await sharp(thumbnail.body).metadata()).hasAlpha).toBe(true);
      expect((await pixelAt(thumbnail.body, 5, 5))[3]).toBe(0);
      const [r, g, , alpha] = await pixelAt(thumbnail.body, 160, 160);
      expect(alpha).toBe(255);
      expect(r).toBeGreaterThan(200);
      expect(g).toBeLessThan(60);
    });
  });

  it('never enlarges, but names the thumbnail after the requested width', async () => {
    const small = await noise(200, 150).png().toBuffer();

    const thumbnails = await makeThumbnails(small);

    expect(thumbnails.map(({ width, height, suffix }) => ({ width, height, suffix }))).toEqual([
      { width: 200, height: 150, suffix: 'w320' },
      { width: 200, height: 150, suffix: 'w1280' },
    ]);
  });

  it('takes the first frame of an animated GIF', async () => {
    const frames = await Promise.all(
      [RED, { r: 0, g: 255, b: 0 }, BLUE].map((background) =>
        sharp({ create: { width: 300, height: 100, channels: 3, background } })
          .raw()
          .toBuffer(),
      ),
    );
    const gif = await sharp(Buffer.concat(frames), {
      raw: { width: 300, height: 300, channels: 3, pageHeight: 100 },
    })
      .gif({ loop: 0, delay: [100, 100, 100] })
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(3);

    const thumbnail = first(await makeThumbnails(gif, [320]));

    expect(thumbnail).toMatchObject({ width: 300, height: 100 });
    expect((await sharp(thumbnail.body).metadata()).pages).toBeUndefined();
    const [r, g, b] = await pixelAt(thumbnail.body, 150, 50);
    expect(r).toBeGreaterThan(200);
    expect(g).toBeLessThan(60);
    expect(b).toBeLessThan(60);
  });

  it.each([
    ['webp', (image: Sharp) => image.webp()],
    ['avif', (image: Sharp) => image.avif({ effort: 0 })],
    ['tiff', (image: Sharp) => image.tiff()],
  ])('accepts %s', async (_format, write) => {
    const input = await write(noise(800, 600)).toBuffer();

    const thumbnail = first(await makeThumbnails(input, [320]));

    expect(thumbnail).toMatchObject({ width: 320, height: 240, contentType: 'image/webp' });
  });

  it('converts CMYK JPEG and 16-bit PNG to 8-bit sRGB', async () => {
    const cmyk = await halves().toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const png16 = await halves().toColourspace('rgb16').png().toBuffer();
    expect((await sharp(png16).metadata()).depth).toBe('ushort');

    for (const input of [cmyk, png16]) {
      const thumbnail = first(await makeThumbnails(input, [320]));
      const output = await sharp(thumbnail.body).metadata();
      expect(output).toMatchObject({ space: 'srgb', channels: 3, depth: 'uchar' });
      const [r, g, b] = await pixelAt(thumbnail.body, 40, 80);
      expect(r).toBeGreaterThan(200);
      expect(g).toBeLessThan(60);
      expect(b).toBeLessThan(60);
    }
  });

  it('keeps very tall images within the WebP size limit', async () => {
    const tall = await noise(100, 20_000).png().toBuffer();

    const thumbnail = first(await makeThumbnails(tall, [320]));

    expect(thumbnail).toMatchObject({ width: 82, height: 16_383 });
  });

  it('returns one thumbnail per distinct width, in the order asked', async () => {
    const photo = await noise(2000, 1000).jpeg().toBuffer();

    const thumbnails = await makeThumbnails(photo, [640, 160, 640]);

    expect(thumbnails.map(({ width, height }) => [width, height])).toEqual([
      [640, 320],
      [160, 80],
    ]);
  });

  it('rejects bad widths and limits as caller bugs, not as image rejections', async () => {
    const png = await noise(10, 10).png().toBuffer();
    await expect(makeThumbnails(png, [])).rejects.toThrow(RangeError);
    await expect(makeThumbnails(png, [0])).rejects.toThrow(RangeError);
    await expect(makeThumbnails(png, [320.5])).rejects.toThrow(RangeError);
    await expect(makeThumbnails(png, [20_000])).rejects.toThrow(RangeError);
    await expect(makeThumbnails(png, [320], { maxInputPixels: 0 })).rejects.toThrow(RangeError);
    await expect(makeThumbnails(png, [320], { maxInputBytes: Number.NaN })).rejects.toThrow(RangeError);
  });

  describe('rejects', () => {
    it('zero bytes as empty', async () => {
      await expectRejected(Buffer.alloc(0), 'empty');
    });

    it('more than maxInputBytes as too_large, before reading the header', async () => {
      const jpeg = await noise(400, 300).jpeg().toBuffer();
      expect(jpeg.length).toBeGreaterThan(10_000);

      const error = await expectRejected(jpeg, 'too_large', { maxInputBytes: 10_000 });
      expect(error.reason).toContain(`${jpeg.length} bytes`);
      await expectRejected(garbage(20_000), 'too_large', { maxInputBytes: 10_000 });
      await expect(makeThumbnails(jpeg, [320], { maxInputBytes: jpeg.length })).resolves.toHaveLength(1);
      expect(DEFAULT_THUMBNAIL_LIMITS.maxInputBytes).toBe(20 * 1024 * 1024);
    });

    it('a PNG header claiming 50000×50000 px as pixel_limit, quickly and without allocating it', async () => {
      const bomb = pngHeaderOnly(50_000, 50_000);
      expect(bomb.length).toBeLessThan(200);
      expect(await sharp(bomb, { limitInputPixels: false }).metadata()).toMatchObject({ width: 50_000 });
      const rssBefore = process.memoryUsage().rss;
      const started = performance.now();

      const error = await expectRejected(bomb, 'pixel_limit');

      expect(performance.now() - started).toBeLessThan(500);
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
      expect(error.reason).toContain('50000×50000');
      expect(DEFAULT_THUMBNAIL_LIMITS.maxInputPixels).toBe(40_000_000);
    });

    it('a real image over a lower maxInputPixels as pixel_limit', async () => {
      const jpeg = await noise(400, 300).jpeg().toBuffer();
      await expectRejected(jpeg, 'pixel_limit', { maxInputPixels: 400 * 300 - 1 });
      await expect(makeThumbnails(jpeg, [320], { maxInputPixels: 400 * 300 })).resolves.toHaveLength(1);
    });

    it('random bytes as unsupported_format', async () => {
      await expectRejected(garbage(4096), 'unsupported_format');
    });

    it('formats outside the allow-list (SVG, text) as unsupported_format', async () => {
      const svg = Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="400" height="300"/></svg>',
      );
      const error = await expectRejected(svg, 'unsupported_format');
      expect(error.reason).toContain('svg');
      await expectRejected(Buffer.from('hello, this is not an image\n'), 'unsupported_format');
    });

    it('a JPEG truncated to its first 1000 bytes as corrupt (failOn: error refuses partial decodes)', async () => {
      const jpeg = await noise(800, 600).jpeg().toBuffer();
      // The header survives, so this is caught while decoding, not while sniffing.
      expect(await sharp(jpeg.subarray(0, 1000)).metadata()).toMatchObject({ format: 'jpeg', width: 800 });

      for (const widths of [[320], [320, 1280]]) {
        const error = await rejection(jpeg.subarray(0, 1000), widths);
        expect(error.code).toBe('corrupt');
        expect(error.cause).toBeInstanceOf(Error);
      }
      await expectRejected(jpeg.subarray(0, jpeg.length / 2), 'corrupt');
    });

    it('a truncated PNG and a JPEG with a garbage header as corrupt', async () => {
      const png = await noise(400, 300).png().toBuffer();
      await expectRejected(png.subarray(0, 3000), 'corrupt');
      await expectRejected(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), garbage(3000)]), 'corrupt');
    });
  });
});
