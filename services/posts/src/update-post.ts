import { POST_REQUEST_MAX_BYTES } from '@app/core/posts';
import { type ApiRequest, type AuthContext, httpHandler } from '@app/http';
import { PRIVATE_NO_STORE } from './cache-headers';
import { posts } from './post-service';

/** PATCH /posts/{id} + If-Match: "<version>" — the author's edit; 409 when the version is stale. */
export const updatePost = async ({ auth, pathParameters, headers, body }: ApiRequest<AuthContext>) => ({
  status: 200,
  body: await posts.update(auth.userId, pathParameters.id, headers['if-match'], body),
  headers: PRIVATE_NO_STORE,
});

export const handler = httpHandler(updatePost, { auth: 'required', maxBodyBytes: POST_REQUEST_MAX_BYTES });
