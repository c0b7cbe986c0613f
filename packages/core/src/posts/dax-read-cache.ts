import type { DocumentReadCache } from '@app/core/posts';

/**
 * DAX (DynamoDB Accelerator) as the posts' read cache, reached at its cluster discovery endpoint
 * (`daxs://…`). lib-dax is imported on the first read only, so a function without DAX never loads it.
 * DAX has no local emulator: the local stack leaves POSTS_DAX_ENDPOINT empty and reads go to DynamoDB.
 */
export function daxReadCache(endpoint: string): DocumentReadCache {
  let client: Promise<DocumentReadCache> | undefined;
  const connect = () => {
    client ??= import('@amazon-dax-sdk/lib-dax').then(({ DaxDocument }) => new DaxDocument({ endpoint }));
    return client;
  };
  return {
    get: async (input) => (await connect()).get(input),
    query: async (input) => (await connect()).query(input),
    batchGet: async (input) => (await connect()).batchGet(input),
  };
}
