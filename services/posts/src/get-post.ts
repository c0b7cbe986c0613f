import * as posts from '@app/core/posts';
import {
  type ApiRequest,
  type ApiResult,
  type AuthContext,
  httpHandler,
  PRIVATE_NO_STORE,
  PUBLIC_CACHE,
  verifyUserPoolToken,
} from '@app/http';
import { postDeps } from './deps';

/** GET /posts/{slug} → a published post to anyone (cacheable); a draft to its author only (private). */
export function getPost(publicReadDeps: posts.PostServiceDeps) {
  return async ({ pathParameters, auth }: ApiRequest<AuthContext | undefined>): Promise<ApiResult> => {
    // Anonymous readers may get a cached (DAX) copy; a signed-in reader may be the author who just saved it.
    const deps = auth ? postDeps : publicReadDeps;
    const { post, audience } = await posts.getPostBySlug(deps, pathParameters.slug, auth?.userId);
    return {
      status: 200,
      body: post,
      headers: audience === 'public' ? PUBLIC_CACHE : PRIVATE_NO_STORE,
      etag: true,
    };
  };
}

/** The handler with anonymous reads through `publicReadDeps`: DynamoDB here, DAX in `dax/get-post.ts`. */
export const getPostHandler = (publicReadDeps: posts.PostServiceDeps) =>
  httpHandler(getPost(publicReadDeps), { auth: 'optional', verifyToken: verifyUserPoolToken });

export const handler = getPostHandler(postDeps);
