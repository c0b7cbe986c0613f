import { type ApiRequest, type AuthContext, httpHandler } from '@app/http';
import { posts } from './post-service';

/** DELETE /posts/{id} — 204; removes the slug and the cover image's files too. */
export const deletePost = async ({ auth, pathParameters }: ApiRequest<AuthContext>) => {
  await posts.delete(auth.userId, pathParameters.id);
  return { status: 204 };
};

export const handler = httpHandler(deletePost, { auth: 'required' });
