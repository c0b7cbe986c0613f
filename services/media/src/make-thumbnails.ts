import { decodeEventKey } from '@app/core/posts';
import { processUpload } from '@app/core/posts/process-upload';
import { lambdaHandler, logger } from '@app/http';
import type { S3Event } from 'aws-lambda';
import { isCover, mediaBucket, mediaRepository, uploads } from './deps';

/**
 * S3 ObjectCreated on `uploads/` → WebP thumbnails under `thumbnails/`. Every record is tried;
 * if any failed unexpectedly (S3 or DynamoDB down) the invocation throws afterwards so the async
 * retry runs again, and records already done are skipped by their status record.
 */
export async function makeThumbnails(event: S3Event): Promise<void> {
  const failures: unknown[] = [];
  for (const record of event.Records ?? []) {
    const bucket = record.s3.bucket.name;
    const key = decodeEventKey(record.s3.object.key);
    if (bucket !== mediaBucket) {
      logger.warn('ignored event from another bucket', { bucket, key });
      continue;
    }
    const started = Date.now();
    try {
      const outcome = await processUpload({ uploads, media: mediaRepository, coverInUse: isCover }, key);
      const ms = Date.now() - started;
      if (outcome.result === 'failed')
        logger.warn('image rejected', { key, code: outcome.code, reason: outcome.reason, ms });
      else if (outcome.result === 'invalid_key')
        logger.warn('ignored upload key', { key, reason: outcome.reason });
      else logger.info('upload processed', { key, ...outcome, ms });
    } catch (error) {
      logger.error('thumbnail processing failed', { key, error });
      failures.push(error);
    }
  }
  if (failures.length > 0)
    throw new AggregateError(failures, `${failures.length} upload(s) failed; retrying`);
}

export const handler = lambdaHandler(makeThumbnails);
