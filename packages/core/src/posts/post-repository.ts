import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CursorPosition as AnyPosition } from '../cursor';
import { PostsTableRepository } from './document-reads';
import type { PostRecord } from './post';
import {
  authorPartition,
  BY_AUTHOR_INDEX,
  PUBLISHED_INDEX,
  PUBLISHED_PARTITION,
  postKey,
  slugKey,
  timeSortKey,
} from './table-keys';

/** Posts list newest first by a timestamp: their positions always carry it. */
export type CursorPosition = Required<AnyPosition>;

/** The slug is already reserved by another post: try the next candidate. */
export class SlugTakenError extends Error {
  constructor(readonly slug: string) {
    super(`slug ${slug} is taken`);
    this.name = new.target.name;
  }
}

/** The post changed (or disappeared) since it was read: re-read to tell which. */
export class PostChangedError extends Error {
  constructor(readonly postId: string) {
    super(`post ${postId} changed since it was read`);
    this.name = new.target.name;
  }
}

export interface PostListPage {
  items: PostRecord[];
  /** Position of the last item when more follow, else undefined. */
  last?: CursorPosition;
}

export interface PostRepository {
  get(id: string): Promise<PostRecord | undefined>;
  getIdBySlug(slug: string): Promise<string | undefined>;
  /** Writes the post and reserves its slug in one transaction. Throws SlugTakenError. */
  create(post: PostRecord): Promise<void>;
  /** Replaces the post if it still has `expectedVersion`. Throws PostChangedError. */
  update(post: PostRecord, expectedVersion: number): Promise<void>;
  /** Deletes the post and its slug reservation. Throws PostChangedError if it is gone or changed hands. */
  delete(post: PostRecord): Promise<void>;
  /** Published posts, newest `publishedAt` first. */
  listPublished(limit: number, after?: CursorPosition): Promise<PostListPage>;
  /** One author's posts, drafts included, newest `createdAt` first. */
  listByAuthor(authorId: string, limit: number, after?: CursorPosition): Promise<PostListPage>;
  /** Whether another post of this author uses `coverImage` (so its files must be kept). */
  isCoverUsedElsewhere(authorId: string, coverImage: string, exceptPostId: string): Promise<boolean>;
}

type Item = Record<string, unknown>;

export class DynamoDbPostRepository extends PostsTableRepository implements PostRepository {
  async get(id: string): Promise<PostRecord | undefined> {
    const Item = await this.getItem(postKey(id));
    return Item ? toRecord(Item) : undefined;
  }

  async getIdBySlug(slug: string): Promise<string | undefined> {
    const Item = await this.getItem(slugKey(slug));
    return typeof Item?.postId === 'string' ? Item.postId : undefined;
  }

  async create(post: PostRecord): Promise<void> {
    const items: TransactItems = [
      {
        Put: {
          TableName: this.tableName,
          Item: toItem(post),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...slugKey(post.slug),
            type: 'slug',
            slug: post.slug,
            postId: post.id,
            createdAt: post.createdAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    const failed = await this.transact(items);
    if (failed === undefined) return;
    if (failed === 1) throw new SlugTakenError(post.slug);
    throw new Error(`post id collision: ${post.id}`);
  }

  async update(post: PostRecord, expectedVersion: number): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(post),
          ConditionExpression: 'attribute_exists(pk) AND version = :expected AND authorId = :author',
          ExpressionAttributeValues: { ':expected': expectedVersion, ':author': post.authorId },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new PostChangedError(post.id);
      throw error;
    }
  }

  async delete(post: PostRecord): Promise<void> {
    const failed = await this.transact([
      {
        Delete: {
          TableName: this.tableName,
          Key: postKey(post.id),
          ConditionExpression: 'attribute_exists(pk) AND authorId = :author',
          ExpressionAttributeValues: { ':author': post.authorId },
        },
      },
      {
        Delete: {
          TableName: this.tableName,
          Key: slugKey(post.slug),
          ConditionExpression: 'attribute_not_exists(pk) OR postId = :id',
          ExpressionAttributeValues: { ':id': post.id },
        },
      },
    ]);
    if (failed !== undefined) throw new PostChangedError(post.id);
  }

  listPublished(limit: number, after?: CursorPosition): Promise<PostListPage> {
    return this.listIndex(
      PUBLISHED_INDEX,
      { name: 'gsi2pk', value: PUBLISHED_PARTITION, sortName: 'gsi2sk' },
      limit,
      after,
      (post) => post.publishedAt ?? post.createdAt,
    );
  }

  listByAuthor(authorId: string, limit: number, after?: CursorPosition): Promise<PostListPage> {
    return this.listIndex(
      BY_AUTHOR_INDEX,
      { name: 'gsi1pk', value: authorPartition(authorId), sortName: 'gsi1sk' },
      limit,
      after,
      (post) => post.createdAt,
    );
  }

  async isCoverUsedElsewhere(authorId: string, coverImage: string, exceptPostId: string): Promise<boolean> {
    let startKey: Item | undefined;
    do {
      const result = await this.reads.query({
        TableName: this.tableName,
        IndexName: BY_AUTHOR_INDEX,
        KeyConditionExpression: 'gsi1pk = :author',
        FilterExpression: 'coverImage = :cover AND id <> :id',
        ProjectionExpression: 'id',
        ExpressionAttributeValues: {
          ':author': authorPartition(authorId),
          ':cover': coverImage,
          ':id': exceptPostId,
        },
        ExclusiveStartKey: startKey,
      });
      if ((result.Items ?? []).length > 0) return true;
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return false;
  }

  private async listIndex(
    indexName: string,
    partition: { name: string; value: string; sortName: string },
    limit: number,
    after: CursorPosition | undefined,
    sortTime: (post: PostRecord) => string,
  ): Promise<PostListPage> {
    const result = await this.reads.query({
      TableName: this.tableName,
      IndexName: indexName,
      KeyConditionExpression: '#p = :p',
      ExpressionAttributeNames: { '#p': partition.name },
      ExpressionAttributeValues: { ':p': partition.value },
      ScanIndexForward: false,
      // One extra item tells whether another page exists, so the last page has no cursor.
      Limit: limit + 1,
      ExclusiveStartKey: after
        ? {
            ...postKey(after.id),
            [partition.name]: partition.value,
            [partition.sortName]: timeSortKey(after.at, after.id),
          }
        : undefined,
    });
    const records = (result.Items ?? []).map(toRecord);
    const items = records.slice(0, limit);
    const lastItem = items[items.length - 1];
    // A 1 MB page can also stop short of limit + 1 items: then LastEvaluatedKey says more follow.
    const more = records.length > limit || result.LastEvaluatedKey !== undefined;
    return { items, last: more && lastItem ? { at: sortTime(lastItem), id: lastItem.id } : undefined };
  }

  /** Runs a transaction; returns the index of the item whose condition failed, if one did. */
  private async transact(items: TransactItems): Promise<number | undefined> {
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return undefined;
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const index = (error.CancellationReasons ?? []).findIndex((r) => r.Code === 'ConditionalCheckFailed');
        if (index >= 0) return index;
      }
      throw error;
    }
  }
}

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

function toItem(post: PostRecord): Item {
  return {
    ...postKey(post.id),
    type: 'post',
    ...post,
    gsi1pk: authorPartition(post.authorId),
    gsi1sk: timeSortKey(post.createdAt, post.id),
    ...(post.status === 'published' && post.publishedAt
      ? { gsi2pk: PUBLISHED_PARTITION, gsi2sk: timeSortKey(post.publishedAt, post.id) }
      : {}),
  };
}

function toRecord(item: Item): PostRecord {
  return {
    id: String(item.id),
    slug: String(item.slug),
    authorId: String(item.authorId),
    title: String(item.title),
    body: String(item.body ?? ''),
    status: item.status === 'published' ? 'published' : 'draft',
    coverImage: typeof item.coverImage === 'string' ? item.coverImage : null,
    coverAlt: typeof item.coverAlt === 'string' ? item.coverAlt : '',
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
    publishedAt: typeof item.publishedAt === 'string' ? item.publishedAt : null,
    version: Number(item.version),
  };
}
