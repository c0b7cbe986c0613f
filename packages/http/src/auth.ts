import { UnauthorizedError } from '@app/core';

/** Who is calling, from a verified Cognito user-pool token. */
export interface AuthContext {
  userId: string;
  /** Present on ID tokens; access tokens carry no email. */
  email?: string;
  username?: string;
  tokenUse: 'access' | 'id';
  /** The raw bearer token, for calls made on the user's behalf (e.g. Cognito GetUser). */
  token: string;
}

/**
 * A verified token's claims: as jose decodes them, or as API Gateway's JWT authorizer hands them
 * to the function in `requestContext.authorizer.jwt.claims` (every value turned into a string).
 */
export type TokenClaims = Readonly<Record<string, unknown>>;

/** `aud` as a list: a string, a decoded array, or API Gateway's rendering of an array (`[a b]`). */
function audiences(aud: unknown): unknown[] {
  if (Array.isArray(aud)) return aud;
  if (typeof aud === 'string' && aud.startsWith('[') && aud.endsWith(']')) return aud.slice(1, -1).split(' ');
  return [aud];
}

/**
 * The caller, from the claims of a token whose signature, issuer and expiry were checked (by API
 * Gateway's JWT authorizer, or by `createTokenVerifier` on routes without one): a Cognito access
 * token for this app client (`client_id`) or an ID token for it (`aud`), with a subject.
 */
export function callerFromClaims(claims: TokenClaims, token: string, clientId: string): AuthContext {
  const tokenUse = claims.token_use;
  if (tokenUse === 'access') {
    if (claims.client_id !== clientId) throw new UnauthorizedError('Token is for another app client');
  } else if (tokenUse === 'id') {
    if (!audiences(claims.aud).includes(clientId))
      throw new UnauthorizedError('Token is for another app client');
  } else {
    throw new UnauthorizedError('Not a Cognito access or ID token');
  }
  if (typeof claims.sub !== 'string' || claims.sub === '')
    throw new UnauthorizedError('Token has no subject');
  const username = claims['cognito:username'] ?? claims.username;
  return {
    userId: claims.sub,
    email: typeof claims.email === 'string' ? claims.email : undefined,
    username: typeof username === 'string' ? username : undefined,
    tokenUse,
    token,
  };
}

/** Extracts the token from `Authorization: Bearer <jwt>` (a bare token is accepted, as API Gateway does). */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^\s*(?:Bearer\s+)?(\S+)\s*$/i.exec(header);
  return match?.[1];
}
