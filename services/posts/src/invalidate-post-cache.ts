import { invalidatePublicPosts } from '@app/core/posts';
import { lambdaHandler, logger } from '@app/http';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { cdn } from './deps';

/**
 * Posts-table stream → one CloudFront invalidation per batch of changes to public posts, so an
 * anonymous reader sees a published, edited or deleted post without waiting for `s-maxage`.
 * A failure (e.g. CloudFront's limit on wildcard invalidations in progress) fails the batch, which
 * the stream retries with the same caller reference; if it never succeeds, the cached reads still
 * expire after `s-maxage`, so nothing is lost but freshness.
 */
export async function invalidatePostCache(event: DynamoDBStreamEvent): Promise<void> {
  const paths = await invalidatePublicPosts(cdn, event.Records);
  logger.info('post cache invalidation', { records: event.Records.length, paths });
}

export const handler = lambdaHandler(invalidatePostCache);
