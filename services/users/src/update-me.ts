import * as users from '@app/core/users';
import { type ApiRequest, type ApiResult, type AuthContext, httpHandler } from '@app/http';
import { identify, userRepository } from './deps';

/** PATCH /me {displayName} → 200 profile; the blog shows it as the author name. */
export async function updateMe({ auth, body }: ApiRequest<AuthContext>): Promise<ApiResult> {
  const profile = await users.updateMyProfile(userRepository, auth.userId, identify(auth), body);
  return { status: 200, body: users.toProfileView(profile) };
}

export const handler = httpHandler(updateMe, { auth: 'required', maxBodyBytes: 4 * 1024 });
