import * as posts from '@app/core/posts';
import { type ApiRequest, type ApiResult, type AuthContext, httpHandler } from '@app/http';
import { postDeps } from './deps';

/** DELETE /posts/{id} → 204; removes the slug too (the cover's files follow: sync-post-media.ts). */
export async function deletePost({ auth, pathParameters }: ApiRequest<AuthContext>): Promise<ApiResult> {
  await posts.deletePost(postDeps, auth.userId, pathParameters.id);
  return { status: 204 };
}

export const handler = httpHandler(deletePost, { auth: 'required' });
