import { UnauthorizedError } from '@app/core';
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import { type AuthContext, callerFromClaims } from './auth';
import { httpConfig } from './config';

export interface TokenVerifierOptions {
  issuer: string;
  clientId: string;
}

export type TokenVerifier = (token: string) => Promise<AuthContext>;

/**
 * Verifies a Cognito user-pool JWT in the function, for the one kind of route API Gateway does not
 * check: optional sign-in (an authorizer would refuse anonymous readers). RS256 signature against
 * the issuer's JWKS, `iss`, expiry, then the same claim rules as routes behind the authorizer.
 * Routes that require sign-in never load this module (nor jose): API Gateway verified their token.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
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
    return callerFromClaims(payload, token, options.clientId);
  };
}

let userPoolVerifier: TokenVerifier | undefined;

/** `createTokenVerifier` for this stage's user pool and app client (JWT_ISSUER, USER_POOL_CLIENT_ID). */
export const verifyUserPoolToken: TokenVerifier = (token) => {
  if (!userPoolVerifier) {
    const { jwtIssuer, userPoolClientId } = httpConfig();
    userPoolVerifier = createTokenVerifier({ issuer: jwtIssuer, clientId: userPoolClientId });
  }
  return userPoolVerifier(token);
};
