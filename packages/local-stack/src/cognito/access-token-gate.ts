/**
 * cognito-local only decodes the AccessToken of the user-facing account calls (GetUser,
 * ChangePassword, the software-token MFA calls…): a forged token naming someone's `sub` could turn
 * off their MFA. Cognito checks the token; so does this gate, against the pool's own JWKS: the
 * signature, this server as issuer, `token_use: access` and expiry.
 */
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';

export const ACCESS_TOKEN_TARGETS = new Set([
  'GetUser',
  'ChangePassword',
  'DeleteUser',
  'UpdateUserAttributes',
  'DeleteUserAttributes',
  'VerifyUserAttribute',
  'GetUserAttributeVerificationCode',
  'AssociateSoftwareToken',
  'VerifySoftwareToken',
  'SetUserMFAPreference',
  'GlobalSignOut',
]);

type Route = (ctx: unknown, req: Record<string, unknown>) => Promise<unknown>;

export function accessTokenGate(issuerOrigin: string, error: (code: string, message: string) => Error) {
  const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  const keysOf = (issuer: string) => {
    let keys = keySets.get(issuer);
    if (!keys) {
      keys = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
      keySets.set(issuer, keys);
    }
    return keys;
  };
  const invalid = () => error('NotAuthorizedException', 'Invalid Access Token');

  return (target: string, route: Route): Route => {
    if (!ACCESS_TOKEN_TARGETS.has(target)) return route;
    return async (ctx, req) => {
      const token = req.AccessToken;
      // VerifySoftwareToken may carry a Session instead (MFA_SETUP); cognito-local refuses that itself.
      if (typeof token !== 'string') return route(ctx, req);
      let issuer: string;
      try {
        issuer = String(decodeJwt(token).iss ?? '');
      } catch {
        throw invalid();
      }
      if (!issuer.startsWith(`${issuerOrigin}/`)) throw invalid();
      try {
        const { payload } = await jwtVerify(token, keysOf(issuer), { issuer });
        if (payload.token_use !== 'access') throw invalid();
      } catch {
        throw invalid();
      }
      return route(ctx, req);
    };
  };
}
