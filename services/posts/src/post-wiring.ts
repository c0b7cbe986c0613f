import {
  authorDirectoryFromUsers,
  createPostService,
  type DocumentReadCache,
  DynamoDbMediaRepository,
  DynamoDbPostRepository,
  type PostService,
} from '@app/core/posts';
import { DynamoDbUserRepository } from '@app/core/users';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3MediaFileStore } from './s3-media-file-store';

export interface PostWiring {
  db: DynamoDBDocumentClient;
  s3: S3Client;
  postsTable: string;
  usersTable: string;
  mediaBucket: string;
  /** DAX cluster discovery endpoint; empty or absent: no cache. */
  daxEndpoint?: string;
  /**
   * Builds the DAX read client (`daxReadCache`; tests pass a fake: DAX cannot run locally).
   * Passed in rather than imported so that functions that never read through DAX don't bundle it.
   */
  connectDax?: (endpoint: string) => DocumentReadCache;
}

export interface PostServices {
  /** Every read and write on DynamoDB, reads strongly consistent: for writers and signed-in readers. */
  posts: PostService;
  /**
   * The same use cases with posts-table reads through DAX when it is configured (eventually
   * consistent, up to the cluster's TTL stale): for anonymous public reads. Writes still go to DynamoDB.
   */
  cachedPosts: PostService;
}

export function wirePostServices(wiring: PostWiring): PostServices {
  const { db, postsTable } = wiring;
  const build = (readCache?: DocumentReadCache) =>
    createPostService({
      posts: new DynamoDbPostRepository(db, postsTable, { readCache }),
      media: new DynamoDbMediaRepository(db, postsTable, { readCache }),
      authors: authorDirectoryFromUsers(new DynamoDbUserRepository(db, wiring.usersTable)),
      files: new S3MediaFileStore(wiring.s3, wiring.mediaBucket),
    });
  const posts = build();
  if (!wiring.daxEndpoint) return { posts, cachedPosts: posts };
  if (!wiring.connectDax) throw new Error('POSTS_DAX_ENDPOINT is set but this function has no DAX client');
  return { posts, cachedPosts: build(wiring.connectDax(wiring.daxEndpoint)) };
}
