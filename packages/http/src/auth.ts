import { UnauthorizedError } from '@app/core';
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';

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

export interface TokenVerifierOptions {
  issuer: string;
  clientId: string;
}

/**
 * Verifies Cognito user-pool JWTs for real: RS256 signature against the issuer's JWKS, `iss`,
 * expiry, `token_use`, and the app client (`client_id` on access tokens, `aud` on ID tokens).
 * API Gateway does the same in AWS; serverless-offline does not check signatures, so the
 * handlers always verify: a forged, tampered or expired token gets 401 locally too.
 */
export function createTokenVerifier(options: TokenVerifierOptions) {
  const issuer = options.issuer.replace(/\/$/, '');
  const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`), {
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
  });

  return async function verify(token: string): Promise<AuthContext> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, { issuer, algorithms: ['RS256'], clockTolerance: 5 }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) {
        throw new UnauthorizedError('Your session has expired: sign in again');
      }
      if (error instanceof errors.JOSEError || error instanceof TypeError) {
        throw new UnauthorizedError('Invalid token');
      }
      throw error;
    }
    const tokenUse = payload.token_use;
    if (tokenUse === 'access') {
      if (payload.client_id !== options.clientId)
        throw new UnauthorizedError('Token is for another app client');
    } else if (tokenUse === 'id') {
      const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
      if (!aud.includes(options.clientId)) throw new UnauthorizedError('Token is for another app client');
    } else {
      throw new UnauthorizedError('Not a Cognito access or ID token');
    }
    if (typeof payload.sub !== 'string' || payload.sub === '')
      throw new UnauthorizedError('Token has no subject');
    const username = payload['cognito:username'] ?? payload.username;
    return {
      userId: payload.sub,
      email: typeof payload.email === 'string' ? payload.email : undefined,
      username: typeof username === 'string' ? username : undefined,
      tokenUse,
      token,
    };
  };
}

/** Extracts the token from `Authorization: Bearer <jwt>` (a bare token is accepted, as API Gateway does). */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^\s*(?:Bearer\s+)?(\S+)\s*$/i.exec(header);
  return match?.[1];
}
