import * as users from '@app/core/users';
import { type ApiRequest, type ApiResult, type AuthContext, httpHandler } from '@app/http';
import { identify, userRepository } from './deps';

/** GET /me → the caller's profile, created on the first call if sign-up confirmation did not. */
export async function getMe({ auth }: ApiRequest<AuthContext>): Promise<ApiResult> {
  const profile = await users.getOrCreateProfile(userRepository, auth.userId, identify(auth));
  return { status: 200, body: users.toProfileView(profile) };
}

export const handler = httpHandler(getMe, { auth: 'required' });
