import { randomBytes } from 'node:crypto';
import type { StackInfo } from '@app/local-stack';
import {
  AdminConfirmSignUpCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';

export interface TestUser {
  email: string;
  password: string;
  userId: string;
  accessToken: string;
  idToken: string;
  refreshToken: string;
}

export function cognitoClient(stack: StackInfo) {
  return new CognitoIdentityProviderClient({
    endpoint: stack.cognitoIdpEndpoint,
    region: stack.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export function uniqueEmail(prefix = 'user') {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.test`;
}

/** Signs up through the local Cognito user pool, confirms (AdminConfirmSignUp) and signs in with USER_PASSWORD_AUTH. */
export async function createUser(
  stack: StackInfo,
  opts: { email?: string; password?: string; name?: string } = {},
): Promise<TestUser> {
  const client = cognitoClient(stack);
  const email = opts.email ?? uniqueEmail();
  const password = opts.password ?? 'Correct-Horse-9';
  await client.send(
    new SignUpCommand({
      ClientId: stack.userPoolClientId,
      Username: email,
      Password: password,
      UserAttributes: [
        { Name: 'email', Value: email },
        ...(opts.name ? [{ Name: 'name', Value: opts.name }] : []),
      ],
    }),
  );
  await client.send(new AdminConfirmSignUpCommand({ UserPoolId: stack.userPoolId, Username: email }));
  return signIn(stack, email, password);
}

export async function signIn(stack: StackInfo, email: string, password: string): Promise<TestUser> {
  const result = await cognitoClient(stack).send(
    new InitiateAuthCommand({
      ClientId: stack.userPoolClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  const auth = result.AuthenticationResult;
  if (!auth?.AccessToken || !auth.IdToken || !auth.RefreshToken)
    throw new Error('sign-in returned no tokens');
  return {
    email,
    password,
    userId: String(decodeJwt(auth.AccessToken).sub),
    accessToken: auth.AccessToken,
    idToken: auth.IdToken,
    refreshToken: auth.RefreshToken,
  };
}
