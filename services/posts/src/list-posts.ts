import { type ApiRequest, httpHandler } from '@app/http';
import { PUBLIC_CACHE } from './cache-headers';
import { cachedPosts } from './cached-post-service';

/** GET /posts?limit&cursor — published posts, newest first; public and cacheable (ETag → 304). */
export const listPosts = async ({ query }: ApiRequest<undefined>) => ({
  status: 200,
  body: await cachedPosts.listPublished(query),
  headers: PUBLIC_CACHE,
  etag: true,
});

export const handler = httpHandler(listPosts, { auth: 'none' });
