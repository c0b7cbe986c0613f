import { InvalidUploadKeyError, thumbnailKey } from '@app/images/thumbnail-key';
import { DEFAULT_THUMBNAIL_WIDTHS } from '@app/images/thumbnail-spec';

export const UPLOAD_KEY_MAX_CHARS = 1024;

/** The widths every upload gets (SPEC §5: 320 px, and 1280 px for the post page). */
export const THUMBNAIL_WIDTHS: readonly number[] = DEFAULT_THUMBNAIL_WIDTHS;

export interface UploadKey {
  key: string;
  /** The Cognito identity-pool id of the uploader: the second path segment. */
  identityId: string;
}

/**
 * Parses `uploads/{identityId}/{name}` (the shape the identity pool's role lets an author write).
 * Returns undefined for anything else: other prefixes, empty, `.` or `..` segments, control
 * characters, or more than S3's 1024 characters.
 */
export function parseUploadKey(key: string): UploadKey | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (key.length > UPLOAD_KEY_MAX_CHARS || /[\u0000-\u001f\u007f]/.test(key)) return undefined;
  try {
    thumbnailKey(key, THUMBNAIL_WIDTHS[0] ?? 320);
  } catch (error) {
    if (error instanceof InvalidUploadKeyError) return undefined;
    throw error;
  }
  const identityId = key.split('/')[1] as string;
  return { key, identityId };
}

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
