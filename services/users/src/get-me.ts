import { type ApiRequest, type AuthContext, httpHandler } from '@app/http';

/** The caller's identity from the verified token (the stored profile comes with the users feature). */
export const getMe = async ({ auth }: ApiRequest<AuthContext>) => ({
  status: 200,
  body: { userId: auth.userId, email: auth.email ?? null, displayName: auth.username ?? null, createdAt: null },
});

export const handler = httpHandler(getMe, { auth: 'required' });
