import { DynamoDbUserRepository, type UserIdentity } from '@app/core/users';
import { CognitoIdentityLookup } from '@app/core/users/cognito-identity-lookup';
import type { AuthContext } from '@app/http';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { dynamo } from './aws-clients';
import { config } from './config';

export const users = new DynamoDbUserRepository(dynamo, config.USERS_TABLE);

const cognito = new CognitoIdentityLookup(
  new CognitoIdentityProviderClient({ requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 } }),
);

function idTokenClaim(token: string, claim: string): string | undefined {
  // The token was verified by the HTTP wrapper already: reading one more claim needs no second check.
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  const value = payload[claim];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The signed-in user's identity, for creating their profile: an ID token carries email and name;
 * an access token does not, so Cognito GetUser is asked with that same token.
 */
export function identityOf(auth: AuthContext): () => Promise<UserIdentity> {
  return async () => {
    if (auth.tokenUse === 'id' && auth.email) {
      return { userId: auth.userId, email: auth.email, name: idTokenClaim(auth.token, 'name') };
    }
    return cognito.fromAccessToken(auth.token);
  };
}
