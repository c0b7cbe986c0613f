import { thumbnailKey } from '@app/images/thumbnail-key';
import { DEFAULT_THUMBNAIL_WIDTHS } from '@app/images/thumbnail-spec';

export {
  isUploadOf,
  type ParsedUploadKey,
  parseUploadKey,
  S3_KEY_MAX_CHARS as UPLOAD_KEY_MAX_CHARS,
} from '@app/images/s3-keys';

/** The widths every upload gets (SPEC §5: 320 px, and 1280 px for the post page). */
export const THUMBNAIL_WIDTHS: readonly number[] = DEFAULT_THUMBNAIL_WIDTHS;

/** Thumbnail keys of an upload for every configured width, by suffix (`w320` → `thumbnails/…-w320.webp`). */
export function thumbnailKeysOf(
  uploadKey: string,
  widths: readonly number[] = THUMBNAIL_WIDTHS,
): Record<string, string> {
  return Object.fromEntries(widths.map((width) => [`w${width}`, thumbnailKey(uploadKey, width)]));
}

/** S3 event keys are URL-encoded with `+` for spaces. */
export function decodeEventKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}
