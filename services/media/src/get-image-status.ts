import { getImageStatus as imageStatusOf } from '@app/core/posts';
import { type ApiRequest, type AuthContext, httpHandler } from '@app/http';
import { mediaRepository } from './media-repository';

/**
 * GET /media/status?key=uploads/{identityId}/{name} — `{key, status, thumbnails, reason}` of an
 * upload, so the editor can show the thumbnail before the post exists (poll until not pending).
 */
export const getImageStatus = async ({ auth, query }: ApiRequest<AuthContext>) => ({
  status: 200,
  body: await imageStatusOf(mediaRepository, auth.userId, query),
  headers: { 'cache-control': 'private, no-store' },
});

export const handler = httpHandler(getImageStatus, { auth: 'required' });
