import * as posts from '@app/core/posts';
import { type ApiRequest, type ApiResult, type AuthContext, httpHandler, PRIVATE_NO_STORE } from '@app/http';
import { postDeps } from './deps';

/** GET /me/posts?limit&cursor → the caller's posts, drafts included, newest first. */
export async function listMyPosts({ auth, query }: ApiRequest<AuthContext>): Promise<ApiResult> {
  return {
    status: 200,
    body: await posts.listPostsByAuthor(postDeps, auth.userId, query),
    headers: PRIVATE_NO_STORE,
    etag: true,
  };
}

export const handler = httpHandler(listMyPosts, { auth: 'required' });
