import { POST_REQUEST_MAX_BYTES } from '@app/core/posts';
import { type ApiRequest, type AuthContext, httpHandler } from '@app/http';
import { PRIVATE_NO_STORE } from './cache-headers';
import { posts } from './post-service';

/** POST /posts {title, body, status, coverImage?} — 201 with the new post and its unique slug. */
export const createPost = async ({ auth, body }: ApiRequest<AuthContext>) => {
  const post = await posts.create(auth.userId, body);
  return { status: 201, body: post, headers: { ...PRIVATE_NO_STORE, location: `/posts/${post.slug}` } };
};

export const handler = httpHandler(createPost, { auth: 'required', maxBodyBytes: POST_REQUEST_MAX_BYTES });
