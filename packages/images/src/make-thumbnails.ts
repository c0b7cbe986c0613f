import sharp, {
  type Metadata,
  type ResizeOptions,
  type Sharp,
  type SharpOptions,
  type WebpOptions,
} from 'sharp';
import { ImageRejectedError } from './image-rejected-error';
import {
  DEFAULT_THUMBNAIL_WIDTHS,
  MAX_THUMBNAIL_SIDE,
  type ThumbnailSpec,
  thumbnailSpec,
} from './thumbnail-spec';

/** Guards applied before any pixel is decoded. */
export interface ThumbnailLimits {
  /** Largest upload accepted, in bytes. Default 20 MiB. */
  maxInputBytes: number;
  /** Largest width × height (of the first frame), read from the header. Default 40 million. */
  maxInputPixels: number;
}

export const DEFAULT_THUMBNAIL_LIMITS: Readonly<ThumbnailLimits> = Object.freeze({
  maxInputBytes: 20 * 1024 * 1024,
  maxInputPixels: 40_000_000,
});

export interface Thumbnail {
  /** Actual size in pixels: the requested width, or the input's own width if that is smaller. */
  width: number;
  height: number;
  /** Always from the requested width (`w320`), so output keys do not depend on the image. */
  suffix: string;
  contentType: 'image/webp';
  body: Buffer;
}

// Effort 2 is the last level before libwebp's slower search. Encoding a 1280×960 photo here took
// 22/27/37/88/88 ms at effort 0/1/2/3/4, for +11/+7/+5/0/0 % bytes against 4; at 320 px it is ~7 ms.
const WEBP_OPTIONS = { quality: 80, effort: 2 } as const satisfies WebpOptions;

const ALLOWED_FORMATS = 'jpeg, png, webp, gif, avif, tiff';

/**
 * Decodes `input` once and returns one WebP thumbnail per distinct width, in the order asked.
 *
 * - Never enlarges: a 200 px wide upload gives a 200 px `w320` thumbnail (same suffix, so the
 *   key is still `…-w320.webp`). Heights are capped at 16383 px, WebP's limit, for very tall inputs.
 * - Applies the EXIF orientation, then strips all metadata (EXIF, ICC, XMP); colours are
 *   converted to sRGB.
 * - Animated GIF/WebP and multi-page TIFF: first frame/page only.
 * - JPEG and WebP use libvips shrink-on-load, so a 12 MP photo is never decoded at full size
 *   for small widths. For several widths it decodes once to the largest and scales the rest
 *   from those pixels, which is cheaper than decoding the upload again.
 *
 * Rejects with `ImageRejectedError` (a verdict on the bytes, do not retry): `empty`, `too_large`
 * (over `maxInputBytes`), `pixel_limit` (header dimensions over `maxInputPixels`, checked before
 * decoding, so a pixel bomb costs a header read), `unsupported_format` (not one of jpeg, png,
 * webp, gif, avif, tiff) and `corrupt` (bad header or pixel data, including truncation).
 * Throws `RangeError` for bad widths or limits, which are caller bugs.
 */
export async function makeThumbnails(
  input: Buffer,
  widths: readonly number[] = DEFAULT_THUMBNAIL_WIDTHS,
  limits: Partial<ThumbnailLimits> = {},
): Promise<Thumbnail[]> {
  const specs = distinctSpecs(widths);
  const { maxInputBytes, maxInputPixels } = resolveLimits(limits);

  if (input.length === 0) throw new ImageRejectedError('empty', 'the upload has no bytes');
  if (input.length > maxInputBytes) {
    throw new ImageRejectedError(
      'too_large',
      `${input.length} bytes exceeds the ${maxInputBytes}-byte limit`,
    );
  }
  await checkHeader(input, maxInputPixels);

  // limitInputPixels repeats the header check inside libvips, in case a loader disagrees with it.
  const decodeOptions: SharpOptions = {
    limitInputPixels: maxInputPixels,
    failOn: 'error',
    sequentialRead: true,
    autoOrient: true,
  };

  const [only] = specs;
  if (only && specs.length === 1) {
    return [await decoding(() => encode(sharp(input, decodeOptions), only))];
  }

  const largest = Math.max(...specs.map((spec) => spec.width));
  const { data, info } = await decoding(() =>
    sharp(input, decodeOptions).resize(fitWidth(largest)).raw().toBuffer({ resolveWithObject: true }),
  );
  // `info.premultiplied` only says libvips premultiplied internally: the raw output is straight alpha.
  const raw = { width: info.width, height: info.height, channels: info.channels };
  return Promise.all(specs.map((spec) => encode(sharp(data, { raw }), spec)));
}

function distinctSpecs(widths: readonly number[]): ThumbnailSpec[] {
  if (widths.length === 0) throw new RangeError('at least one thumbnail width is required');
  return [...new Set(widths)].map(thumbnailSpec);
}

function resolveLimits(limits: Partial<ThumbnailLimits>): ThumbnailLimits {
  const resolved = {
    maxInputBytes: limits.maxInputBytes ?? DEFAULT_THUMBNAIL_LIMITS.maxInputBytes,
    maxInputPixels: limits.maxInputPixels ?? DEFAULT_THUMBNAIL_LIMITS.maxInputPixels,
  };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
  }
  return resolved;
}

/** Header-only read: format and dimensions, no pixel decoding. */
async function checkHeader(input: Buffer, maxInputPixels: number): Promise<void> {
  let metadata: Metadata;
  try {
    // No pixel limit here, so that we can report the dimensions ourselves.
    metadata = await sharp(input, { limitInputPixels: false, failOn: 'error' }).metadata();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw /unsupported image format/i.test(message)
      ? new ImageRejectedError('unsupported_format', `not a recognised image (${ALLOWED_FORMATS})`, {
          cause: error,
        })
      : new ImageRejectedError('corrupt', `unreadable image header: ${firstLine(message)}`, { cause: error });
  }

  const format = formatName(metadata);
  if (format === undefined) {
    const found = metadata.compression ? `${metadata.format} (${metadata.compression})` : metadata.format;
    throw new ImageRejectedError('unsupported_format', `${found} is not one of ${ALLOWED_FORMATS}`);
  }
  const pixels = metadata.width * metadata.height;
  if (!(pixels <= maxInputPixels)) {
    throw new ImageRejectedError(
      'pixel_limit',
      `${format} of ${metadata.width}×${metadata.height} px exceeds the ${maxInputPixels} px limit`,
    );
  }
}

function formatName(metadata: Metadata): string | undefined {
  switch (metadata.format) {
    case 'jpeg':
    case 'png':
    case 'webp':
    case 'gif':
    case 'tiff':
      return metadata.format;
    case 'heif':
      // The prebuilt libvips decodes AV1 (AVIF) only; HEIC (HEVC) would fail later anyway.
      return metadata.compression === 'av1' ? 'avif' : undefined;
    default:
      return undefined;
  }
}

/** The header was fine, so a failure while decoding means bad pixel data (e.g. a truncated file). */
async function decoding<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/pixel limit/i.test(message)) {
      throw new ImageRejectedError('pixel_limit', firstLine(message), { cause: error });
    }
    throw new ImageRejectedError('corrupt', `cannot decode image: ${firstLine(message)}`, { cause: error });
  }
}

async function encode(image: Sharp, spec: ThumbnailSpec): Promise<Thumbnail> {
  const { data, info } = await image
    .resize(fitWidth(spec.width))
    .webp(WEBP_OPTIONS)
    .toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    suffix: spec.suffix,
    contentType: 'image/webp',
    body: data,
  };
}

function fitWidth(width: number): ResizeOptions {
  // fastShrinkOnLoad (the default, spelled out): JPEG decodes at 1/2, 1/4 or 1/8 scale and WebP
  // at any scale when the target is that much smaller; 'inside' keeps the height within WebP's limit.
  return {
    width,
    height: MAX_THUMBNAIL_SIDE,
    fit: 'inside',
    withoutEnlargement: true,
    fastShrinkOnLoad: true,
  };
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}
