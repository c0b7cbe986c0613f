import { createHash } from 'node:crypto';
import type { DynamoDBRecord } from 'aws-lambda';
import * as z from '../zod';
import { changedPostId, type PostsStreamRecord, postsStreamRecord } from './posts-stream';

/**
 * What the public reads of posts are cached under at the edge (the list, every page of it, every
 * post): the viewer's `/api/posts…` and, as CloudFront advises when a viewer-request function
 * rewrites the URI (ApiPathRewriteFunction drops `/api`), the rewritten `/posts…` too.
 */
export const PUBLIC_POST_PATHS = ['/api/posts*', '/posts*'] as const;

/** The CDN in front of the public post reads (CloudFront in AWS, the local edge locally). */
export interface CdnInvalidator {
  /**
   * Removes `paths` from the edge caches. `callerReference` identifies the request: sent again
   * (a retried batch), CloudFront returns the invalidation it already made instead of a new one.
   */
  invalidate(paths: readonly string[], callerReference: string): Promise<void>;
}

/**
 * Whether a posts-table change is visible to anonymous readers: a post item that is published
 * after the change or was before it (published, edited, unpublished, deleted). Drafts, slug
 * reservations and image statuses are not in any public response.
 */
export function changesPublicPosts(record: PostsStreamRecord): boolean {
  if (changedPostId(record) === undefined) return false;
  const { NewImage, OldImage } = record.dynamodb;
  return NewImage?.status?.S === 'published' || OldImage?.status?.S === 'published';
}

/**
 * One batch of posts-table stream records → at most one invalidation of the public post reads,
 * so a reader sees a published, edited or deleted post at once instead of after the edge's
 * `s-maxage`. The same two wildcard paths for any batch: the list pages and every post are cached
 * under them, and CloudFront bills a wildcard as one path. The caller reference is derived from
 * the batch (its first and last sequence numbers), so a retried batch makes no second invalidation.
 * Returns the paths invalidated (none when the batch changed nothing public).
 */
export async function invalidatePublicPosts(
  cdn: CdnInvalidator,
  records: readonly DynamoDBRecord[],
): Promise<readonly string[]> {
  const changes = z.array(postsStreamRecord).parse(records);
  if (!changes.some(changesPublicPosts)) return [];
  const sequence = changes.map((r) => r.dynamodb.SequenceNumber);
  const batch = createHash('sha256')
    .update(`${sequence[0]}..${sequence.at(-1)}`)
    .digest('hex')
    .slice(0, 32);
  await cdn.invalidate(PUBLIC_POST_PATHS, `posts-stream-${batch}`);
  return PUBLIC_POST_PATHS;
}
