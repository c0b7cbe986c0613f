import {
  BatchGetCommand,
  type BatchGetCommandInput,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  type GetCommandOutput,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';

/**
 * A read-through cache in front of the table that answers the document API's reads — DAX's
 * `DaxDocument` (`@amazon-dax-sdk/lib-dax`) has exactly these methods. Writes never go to it.
 */
export interface DocumentReadCache {
  get(input: GetCommandInput): Promise<GetCommandOutput>;
  query(input: QueryCommandInput): Promise<QueryCommandOutput>;
  batchGet(input: BatchGetCommandInput): Promise<BatchGetCommandOutput>;
}

/** Options shared by the posts context's DynamoDB repositories. */
export interface RepositoryOptions {
  /**
   * Send GetItem/Query/BatchGetItem here instead of DynamoDB. Reads through a cache are eventually
   * consistent (it may serve an item for its TTL after a write), so give one only to public read paths.
   */
  readCache?: DocumentReadCache;
}

/**
 * Where a repository's reads go: the cache when there is one, else DynamoDB. Through the cache,
 * `ConsistentRead` is dropped: DAX passes strongly consistent reads straight to the table and caches
 * nothing, which would make the cache pointless.
 */
export function documentReads(db: DynamoDBDocumentClient, cache?: DocumentReadCache): DocumentReadCache {
  if (cache) {
    return {
      get: (input) => cache.get({ ...input, ConsistentRead: false }),
      query: (input) => cache.query({ ...input, ConsistentRead: false }),
      batchGet: (input) => cache.batchGet(input),
    };
  }
  return {
    get: (input) => db.send(new GetCommand(input)),
    query: (input) => db.send(new QueryCommand(input)),
    batchGet: (input) => db.send(new BatchGetCommand(input)),
  };
}

/** The base of the posts table's repositories: the table, its client, and where reads go. */
export abstract class PostsTableRepository {
  protected readonly reads: DocumentReadCache;

  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly tableName: string,
    options: RepositoryOptions = {},
  ) {
    this.reads = documentReads(db, options.readCache);
  }

  /** One item by key: strongly consistent from DynamoDB (eventually consistent through a cache). */
  protected async getItem(key: Record<string, string>): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.reads.get({ TableName: this.tableName, Key: key, ConsistentRead: true });
    return Item;
  }
}
