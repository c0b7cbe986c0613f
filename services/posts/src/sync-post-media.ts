import { syncPostMedia as sync } from '@app/core/posts';
import { lambdaHandler, logger } from '@app/http';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { mediaFiles, postDeps } from './deps';

/**
 * Posts-table stream → the media bucket follows the posts: a saved post's cover is tagged
 * `post=used` (the lifecycle rule keeps it), a deleted post's cover files and image status go
 * (unless another post of the author uses that cover). A failure fails the batch, which the stream
 * retries (every step is idempotent); the API's writers stay free of an S3 client.
 */
export async function syncPostMedia(event: DynamoDBStreamEvent): Promise<void> {
  const changes = await sync({ ...postDeps, files: mediaFiles }, event.Records);
  logger.info('post media synced', { records: event.Records.length, ...changes });
}

export const handler = lambdaHandler(syncPostMedia);
