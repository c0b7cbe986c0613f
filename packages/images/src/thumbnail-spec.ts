/** One requested thumbnail size. `suffix` names the output key (`…-w320.webp`), whatever size comes out. */
export interface ThumbnailSpec {
  width: number;
  suffix: string;
}

/** Widths written for every upload unless the caller asks for others. */
export const DEFAULT_THUMBNAIL_WIDTHS = [320, 1280] as const;

/** WebP cannot encode a side longer than this. */
export const MAX_THUMBNAIL_SIDE = 16_383;

/**
 * The spec for a requested width. Throws `RangeError` for a width that is not an integer in
 * 1…16383: that is a configuration bug, not a property of an upload.
 */
export function thumbnailSpec(width: number): ThumbnailSpec {
  if (!Number.isInteger(width) || width < 1 || width > MAX_THUMBNAIL_SIDE) {
    throw new RangeError(`thumbnail width must be an integer in 1…${MAX_THUMBNAIL_SIDE}, got ${width}`);
  }
  return { width, suffix: `w${width}` };
}
