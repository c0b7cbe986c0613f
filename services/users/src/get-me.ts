import { getOrCreateProfile, toProfileView } from '@app/core/users';
import { type ApiRequest, type AuthContext, httpHandler } from '@app/http';
import { identityOf, users } from './profiles';

/** GET /me: the caller's profile, created on the first call if sign-up confirmation did not. */
export const getMe = async ({ auth }: ApiRequest<AuthContext>) => {
  const profile = await getOrCreateProfile(users, auth.userId, identityOf(auth));
  return { status: 200, body: toProfileView(profile) };
};

export const handler = httpHandler(getMe, { auth: 'required' });
