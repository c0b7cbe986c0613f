import * as posts from '@app/core/posts';
import { type ApiRequest, type ApiResult, httpHandler, PUBLIC_CACHE } from '@app/http';
import { postDeps } from './deps';

/** GET /posts?limit&cursor → published posts, newest first; public and cacheable (ETag → 304). */
export function listPosts(readDeps: posts.PostServiceDeps) {
  return async ({ query }: ApiRequest<undefined>): Promise<ApiResult> => ({
    status: 200,
    body: await posts.listPublishedPosts(readDeps, query),
    headers: PUBLIC_CACHE,
    etag: true,
  });
}

/** The handler reading through `readDeps`: DynamoDB here, DAX in `dax/list-posts.ts`. */
export const listPostsHandler = (readDeps: posts.PostServiceDeps) =>
  httpHandler(listPosts(readDeps), { auth: 'none' });

export const handler = listPostsHandler(postDeps);
