import { DEFAULT_THUMBNAIL_LIMITS, ImageRejectedError, makeThumbnails } from '@app/images';
import type { ImageStatusRecord, MediaRepository } from './media-repository';
import type { UploadStore } from './s3-media-bucket';
import { parseUploadKey, THUMBNAIL_WIDTHS, thumbnailKeysOf } from './upload-key';

export type UploadOutcome =
  | { result: 'ready'; thumbnails: Record<string, string> }
  | { result: 'failed'; code: string; reason: string }
  /** Already processed for these exact bytes (a re-delivered event). */
  | { result: 'unchanged'; status: ImageStatusRecord['status'] }
  /** Deleted before we got to it: nothing to do. */
  | { result: 'gone' }
  | { result: 'invalid_key'; reason: string };

export interface ProcessUploadDeps {
  uploads: UploadStore;
  media: Pick<MediaRepository, 'getStatus' | 'putStatus'>;
  /** Whether a post of the upload's author has it as its cover (for the lifecycle tag). */
  coverInUse(uploadKey: string): Promise<boolean>;
  widths?: readonly number[];
  maxInputBytes?: number;
  now?: () => Date;
}

// What a browser or the SDK sends for an image, or when it does not know; anything else (text/plain,
// application/pdf…) is refused before downloading. The bytes are checked by sharp either way.
function acceptableContentType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    type === '' ||
    type.startsWith('image/') ||
    type === 'application/octet-stream' ||
    type === 'binary/octet-stream'
  );
}

/**
 * Makes the WebP thumbnails of one upload and records the outcome in the image status record
 * the posts API reads. Idempotent: output keys depend only on the upload key and width, and an
 * upload whose ETag already has a verdict is skipped.
 *
 * A rejected image (empty, too large, pixel bomb, not an image, corrupt) is a verdict, not an
 * error: status `failed` with the reason, stale thumbnails of an earlier upload removed, and a
 * normal return so S3's async invoke does not retry. S3/DynamoDB failures throw (and are retried).
 */
export async function processUpload(deps: ProcessUploadDeps, uploadKey: string): Promise<UploadOutcome> {
  const widths = [...new Set(deps.widths ?? THUMBNAIL_WIDTHS)];
  const maxInputBytes = deps.maxInputBytes ?? DEFAULT_THUMBNAIL_LIMITS.maxInputBytes;
  const now = () => (deps.now?.() ?? new Date()).toISOString();
  if (!parseUploadKey(uploadKey)) {
    return { result: 'invalid_key', reason: 'expected uploads/{userId}/{name}' };
  }
  const outputKeys = thumbnailKeysOf(uploadKey, widths);

  const head = await deps.uploads.head(uploadKey);
  if (!head) return { result: 'gone' };
  const previous = await deps.media.getStatus(uploadKey);
  if (previous && previous.sourceEtag === head.etag) return { result: 'unchanged', status: previous.status };

  const fail = async (code: string, reason: string, sourceEtag: string): Promise<UploadOutcome> => {
    // A rejected re-upload must not leave the previous image's thumbnails looking current.
    if (previous?.status === 'ready') await deps.uploads.deleteObjects(Object.values(outputKeys));
    await deps.media.putStatus({
      uploadKey,
      status: 'failed',
      code,
      reason,
      thumbnails: {},
      widths,
      sourceEtag,
      updatedAt: now(),
    });
    return { result: 'failed', code, reason };
  };
  const rejected = async (code: string, reason: string, sourceEtag: string): Promise<UploadOutcome> => {
    const outcome = await fail(code, reason, sourceEtag);
    await tagForLifecycle(deps, uploadKey);
    return outcome;
  };

  if (head.size > maxInputBytes) {
    // The upload-size cap: identity-pool credentials can PUT any size (an S3 policy cannot limit
    // it), so an oversize upload is refused here and removed once its verdict is recorded.
    const outcome = await fail(
      'too_large',
      `${head.size} bytes exceeds the ${maxInputBytes}-byte limit`,
      head.etag,
    );
    await deps.uploads.deleteObjects([uploadKey]);
    return outcome;
  }
  if (!acceptableContentType(head.contentType)) {
    return rejected('unsupported_format', `content type ${head.contentType} is not an image`, head.etag);
  }

  const object = await deps.uploads.get(uploadKey);
  if (!object) return { result: 'gone' };
  let thumbnails: Awaited<ReturnType<typeof makeThumbnails>>;
  try {
    thumbnails = await makeThumbnails(object.body, widths, { maxInputBytes });
  } catch (error) {
    if (error instanceof ImageRejectedError) return rejected(error.code, error.reason, object.etag);
    throw error;
  }

  await Promise.all(
    thumbnails.map((t) => {
      const key = outputKeys[t.suffix];
      if (!key) throw new Error(`unexpected thumbnail suffix ${t.suffix}`);
      return deps.uploads.putThumbnail(key, t.body, t.contentType);
    }),
  );
  await deps.media.putStatus({
    uploadKey,
    status: 'ready',
    thumbnails: outputKeys,
    widths,
    sourceEtag: object.etag,
    updatedAt: now(),
  });
  await tagForLifecycle(deps, uploadKey);
  return { result: 'ready', thumbnails: outputKeys };
}

/**
 * Tags the upload `post=none` (the media bucket's lifecycle rule expires it) unless a post uses
 * it. A saved post's cover is tagged `used` after the post is written (`syncPostMedia`, from the
 * posts stream), so the second look closes the race with a post saved meanwhile: whichever tag
 * comes last, it is `used` if a post exists.
 * (The look is a query of the author's posts index, eventually consistent: a post saved within
 * its propagation delay — typically well under a second — can still be missed.)
 */
async function tagForLifecycle(deps: ProcessUploadDeps, uploadKey: string): Promise<void> {
  if (await deps.coverInUse(uploadKey)) return deps.uploads.markUse(uploadKey, 'used');
  await deps.uploads.markUse(uploadKey, 'none');
  if (await deps.coverInUse(uploadKey)) await deps.uploads.markUse(uploadKey, 'used');
}
