import { type ApiRequest, type AuthContext, httpHandler } from '@app/http';
import { PRIVATE_NO_STORE, PUBLIC_CACHE } from './cache-headers';
import { cachedPosts } from './cached-post-service';
import { posts } from './post-service';

/** GET /posts/{slug} — a published post to anyone (cacheable); a draft to its author only (private). */
export const getPost = async ({ pathParameters, auth }: ApiRequest<AuthContext | undefined>) => {
  // Anonymous readers may get a cached (DAX) copy; a signed-in reader may be the author who just saved it.
  const service = auth ? posts : cachedPosts;
  const { post, audience } = await service.getBySlug(pathParameters.slug, auth?.userId);
  return {
    status: 200,
    body: post,
    headers: audience === 'public' ? PUBLIC_CACHE : PRIVATE_NO_STORE,
    etag: true,
  };
};

export const handler = httpHandler(getPost, { auth: 'optional' });
