import { type ApiRequest, type AuthContext, httpHandler } from '@app/http';
import { PRIVATE_NO_STORE } from './cache-headers';
import { posts } from './post-service';

/** GET /me/posts?limit&cursor — the caller's posts, drafts included, newest first. */
export const listMyPosts = async ({ auth, query }: ApiRequest<AuthContext>) => ({
  status: 200,
  body: await posts.listByAuthor(auth.userId, query),
  headers: PRIVATE_NO_STORE,
  etag: true,
});

export const handler = httpHandler(listMyPosts, { auth: 'required' });
