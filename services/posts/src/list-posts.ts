import * as posts from '@app/core/posts';
import { type ApiRequest, type ApiResult, httpHandler, PUBLIC_CACHE } from '@app/http';
import { publicReadDeps } from './deps';

/** GET /posts?limit&cursor → published posts, newest first; public and cacheable (ETag → 304). */
export async function listPosts({ query }: ApiRequest<undefined>): Promise<ApiResult> {
  return {
    status: 200,
    body: await posts.listPublishedPosts(publicReadDeps, query),
    headers: PUBLIC_CACHE,
    etag: true,
  };
}

export const handler = httpHandler(listPosts, { auth: 'none' });
