import * as posts from '@app/core/posts';
import { type ApiRequest, type ApiResult, type AuthContext, httpHandler, PRIVATE_NO_STORE } from '@app/http';
import { postDeps } from './deps';

/** POST /posts {title, body, status, coverImage?} → 201 with the new post and its unique slug. */
export async function createPost({ auth, body }: ApiRequest<AuthContext>): Promise<ApiResult> {
  const post = await posts.createPost(postDeps, auth.userId, body);
  return { status: 201, body: post, headers: { ...PRIVATE_NO_STORE, location: `/posts/${post.slug}` } };
}

export const handler = httpHandler(createPost, {
  auth: 'required',
  maxBodyBytes: posts.POST_REQUEST_MAX_BYTES,
});
