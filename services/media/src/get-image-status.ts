import * as media from '@app/core/posts';
import { type ApiRequest, type ApiResult, type AuthContext, httpHandler, PRIVATE_NO_STORE } from '@app/http';
import { mediaRepository } from './deps';

/**
 * GET /media/status?key=uploads/{userId}/{name} → `{key, status, thumbnails, reason}` of an
 * upload, so the editor can show the thumbnail before the post exists (poll until not pending).
 */
export async function getImageStatus({ auth, query }: ApiRequest<AuthContext>): Promise<ApiResult> {
  return {
    status: 200,
    body: await media.getImageStatus(mediaRepository, auth.userId, query),
    headers: PRIVATE_NO_STORE,
  };
}

export const handler = httpHandler(getImageStatus, { auth: 'required' });
