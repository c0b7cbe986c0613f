import { toProfileView, updateMyProfile } from '@app/core/users';
import { type ApiRequest, type AuthContext, httpHandler } from '@app/http';
import { identityOf, users } from './profiles';

/** PATCH /me `{displayName}`: the blog shows it as the author name. */
export const updateMe = async ({ auth, body }: ApiRequest<AuthContext>) => {
  const profile = await updateMyProfile(users, auth.userId, identityOf(auth), body);
  return { status: 200, body: toProfileView(profile) };
};

export const handler = httpHandler(updateMe, { auth: 'required', maxBodyBytes: 4 * 1024 });
