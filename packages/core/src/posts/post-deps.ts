import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbUserRepository } from '../users/dynamodb-user-repository';
import { authorDirectoryFromUsers } from './author-directory';
import type { DocumentReadCache } from './document-reads';
import { DynamoDbMediaRepository } from './media-repository';
import { DynamoDbPostRepository, type PostRepository } from './post-repository';
import type { PostServiceDeps } from './post-service';
import { parseUploadKey } from './upload-key';

export interface PostTables {
  db: DynamoDBDocumentClient;
  postsTable: string;
  usersTable: string;
}

/**
 * The posts use cases' repositories. Without `readCache` every read is strongly consistent
 * (writers, signed-in readers); with one, posts-table reads go through it (eventually consistent,
 * up to the cache's TTL stale: anonymous public reads only). Writes always go to DynamoDB.
 */
export function postServiceDeps(tables: PostTables, readCache?: DocumentReadCache): PostServiceDeps {
  const { db, postsTable, usersTable } = tables;
  return {
    posts: new DynamoDbPostRepository(db, postsTable, { readCache }),
    media: new DynamoDbMediaRepository(db, postsTable, { readCache }),
    authors: authorDirectoryFromUsers(new DynamoDbUserRepository(db, usersTable)),
  };
}

/**
 * Deps for anonymous public reads: through DAX when `daxEndpoint` is set (`connectDax` builds the
 * client; tests pass a fake: DAX cannot run locally), else `direct` itself.
 */
export function publicReadDeps(
  tables: PostTables,
  direct: PostServiceDeps,
  daxEndpoint: string | undefined,
  connectDax: (endpoint: string) => DocumentReadCache,
): PostServiceDeps {
  return daxEndpoint ? postServiceDeps(tables, connectDax(daxEndpoint)) : direct;
}

/** Whether any post of the upload's owner has it as its cover (the upload lifecycle tag's question). */
export function coverInUse(posts: Pick<PostRepository, 'isCoverUsedElsewhere'>) {
  return async (uploadKey: string): Promise<boolean> => {
    const parsed = parseUploadKey(uploadKey);
    return parsed ? posts.isCoverUsedElsewhere(parsed.userId, uploadKey, '') : false;
  };
}
