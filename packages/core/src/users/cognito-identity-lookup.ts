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
