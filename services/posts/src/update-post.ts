import * as posts from '@app/core/posts';
import { type ApiRequest, type ApiResult, type AuthContext, httpHandler, PRIVATE_NO_STORE } from '@app/http';
import { postDeps } from './deps';

/** PATCH /posts/{id} + If-Match: "<version>" → 200, the author's edit; 409 when the version is stale. */
export async function updatePost({
  auth,
  pathParameters,
  headers,
  body,
}: ApiRequest<AuthContext>): Promise<ApiResult> {
  return {
    status: 200,
    body: await posts.updatePost(postDeps, auth.userId, pathParameters.id, headers['if-match'], body),
    headers: PRIVATE_NO_STORE,
  };
}

export const handler = httpHandler(updatePost, {
  auth: 'required',
  maxBodyBytes: posts.POST_REQUEST_MAX_BYTES,
});
