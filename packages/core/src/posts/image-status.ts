import { NotFoundError } from '../errors';
import { parseInput } from '../validation';
import type { ImageStatusRecord, MediaRepository } from './media-repository';
import type { PostThumbnails } from './post';
import { imageStatusQuerySchema } from './post.schema';
import { isUploadOf, THUMBNAIL_WIDTHS } from './upload-key';

/** `GET /media/status` body. */
export interface ImageStatusView {
  key: string;
  status: PostThumbnails['status'];
  /** Thumbnail keys by suffix (`w320`, `w1280`); null until ready. */
  thumbnails: Record<string, string | null>;
  reason: string | null;
}

/** A post's `thumbnails` field from its cover image's status record (no record yet = pending). */
export function thumbnailsOf(record: ImageStatusRecord | undefined): PostThumbnails {
  const keys: Record<`w${number}`, string | null> = {};
  for (const width of THUMBNAIL_WIDTHS) {
    keys[`w${width}`] = record?.status === 'ready' ? (record.thumbnails[`w${width}`] ?? null) : null;
  }
  if (!record) return { ...keys, status: 'pending' };
  if (record.status === 'failed') {
    return { ...keys, status: 'failed', reason: record.reason ?? 'the image could not be processed' };
  }
  return { ...keys, status: 'ready' };
}

/**
 * The thumbnail status of an upload, for the editor before (or after) a post uses it. Only uploads
 * in the caller's own `uploads/{userId}/` prefix: anyone else's is a 404, like anything not yours.
 */
export async function getImageStatus(
  media: Pick<MediaRepository, 'getStatus'>,
  userId: string,
  query: unknown,
): Promise<ImageStatusView> {
  const { key } = parseInput(imageStatusQuerySchema, query, 'query');
  if (!isUploadOf(userId, key)) throw new NotFoundError('Upload not found');
  const { status, reason, ...thumbnails } = thumbnailsOf(await media.getStatus(key));
  return { key, status, thumbnails, reason: reason ?? null };
}
