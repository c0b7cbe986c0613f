import {
  type CognitoIdentityProviderClient,
  GetUserCommand,
  NotAuthorizedException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { UnauthorizedError } from '../errors';
import type { UserIdentity } from './profile';

/**
 * Who an access token belongs to, from Cognito GetUser (access tokens carry no email). The
 * client's endpoint comes from the SDK's own settings (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER locally).
 */
export class CognitoIdentityLookup {
  constructor(private readonly cognito: CognitoIdentityProviderClient) {}

  async fromAccessToken(accessToken: string): Promise<UserIdentity> {
    let attributes: Record<string, string>;
    try {
      const result = await this.cognito.send(new GetUserCommand({ AccessToken: accessToken }));
      attributes = Object.fromEntries(
        (result.UserAttributes ?? []).map((a) => [a.Name ?? '', a.Value ?? '']),
      );
    } catch (error) {
      // A revoked token or a deleted user: the token verified, but Cognito no longer honours it.
      if (error instanceof NotAuthorizedException || error instanceof UserNotFoundException) {
        throw new UnauthorizedError('Your session is no longer valid: sign in again');
      }
      throw error;
    }
    const userId = attributes.sub;
    const email = attributes.email;
    if (!userId || !email) throw new Error('Cognito GetUser returned no sub or email');
    return { userId, email, name: attributes.name || undefined };
  }
}

/** The verified caller as the HTTP layer sees it (structurally `AuthContext` of `@app/http`). */
export interface TokenCaller {
  userId: string;
  email?: string;
  tokenUse: 'access' | 'id';
  token: string;
}

function tokenClaim(token: string, claim: string): string | undefined {
  // The token was verified by the HTTP wrapper already: reading one more claim needs no second check.
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  const value = payload[claim];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The caller's identity, for creating their profile: an ID token carries email and name; an
 * access token does not, so Cognito GetUser is asked with that same token.
 */
export function identityOf(lookup: CognitoIdentityLookup, caller: TokenCaller): () => Promise<UserIdentity> {
  return async () => {
    if (caller.tokenUse === 'id' && caller.email) {
      return { userId: caller.userId, email: caller.email, name: tokenClaim(caller.token, 'name') };
    }
    return lookup.fromAccessToken(caller.token);
  };
}
