import { InvalidObjectKeyError, THUMBNAILS_PREFIX, UPLOADS_PREFIX, uploadKeyProblem } from './s3-keys';
import { thumbnailSpec } from './thumbnail-spec';

/**
 * Where the thumbnail of `uploadKey` at `width` lives:
 * `uploads/{userId}/{dirs/}{name}` → `thumbnails/{userId}/{dirs/}{name}-w{width}.webp`.
 *
 * The whole file name is kept, extension included: `good.png` and `good.jpg` are two uploads and
 * get two thumbnails (`good.png-w320.webp`, `good.jpg-w320.webp`), never one shared key. The key
 * depends only on the upload key and the width, never on the image, so a re-run overwrites the
 * same objects. Expects the decoded key (S3 events URL-encode it).
 *
 * Throws `InvalidObjectKeyError` for anything `parseUploadKey` refuses; `RangeError` for a bad width.
 */
export function thumbnailKey(uploadKey: string, width: number): string {
  const { suffix } = thumbnailSpec(width);
  const problem = uploadKeyProblem(uploadKey);
  if (problem) throw new InvalidObjectKeyError(uploadKey, problem);
  return `${THUMBNAILS_PREFIX}${uploadKey.slice(UPLOADS_PREFIX.length)}-${suffix}.webp`;
}
