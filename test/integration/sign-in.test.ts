import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadServerlessConfig } from '@app/local-stack/template';
import {
  AssociateSoftwareTokenCommand,
  CreateUserPoolClientCommand,
  type ExplicitAuthFlowsType,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import { decodeJwt } from 'jose';
import { Secret, TOTP } from 'otpauth';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiClient } from '../support/api';
import { cognitoClient, createUser, type TestUser } from '../support/users';

// Sign-in exactly as the web app does it: amazon-cognito-identity-js (the real client library,
// unchanged, its default USER_SRP_AUTH flow) against the local Cognito.

const stack = inject('stack');
const idp = cognitoClient(stack);

type Outcome =
  | { kind: 'signedIn'; session: CognitoUserSession }
  | { kind: 'totpRequired'; user: CognitoUser }
  | { kind: 'failed'; error: { code?: string; name?: string; message: string } };

function srpSignIn(email: string, password: string, clientId = stack.userPoolClientId): Promise<Outcome> {
  const pool = new CognitoUserPool({
    UserPoolId: stack.userPoolId,
    ClientId: clientId,
    endpoint: stack.cognitoIdpEndpoint,
  });
  const user = new CognitoUser({ Username: email, Pool: pool });
  return new Promise((resolve) =>
    user.authenticateUser(new AuthenticationDetails({ Username: email, Password: password }), {
      onSuccess: (session) => resolve({ kind: 'signedIn', session }),
      onFailure: (error) => resolve({ kind: 'failed', error }),
      totpRequired: () => resolve({ kind: 'totpRequired', user }),
    }),
  );
}

function sendTotp(user: CognitoUser, code: string): Promise<Outcome> {
  return new Promise((resolve) =>
    user.sendMFACode(
      code,
      {
        onSuccess: (session) => resolve({ kind: 'signedIn', session }),
        onFailure: (error) => resolve({ kind: 'failed', error }),
      },
      'SOFTWARE_TOKEN_MFA',
    ),
  );
}

function idpLog(): string[] {
  return readFileSync(join(stack.logsDir, 'cognito.log'), 'utf8').split('\n');
}

describe('USER_SRP_AUTH with amazon-cognito-identity-js', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await createUser(stack);
  });

  it('signs in over SRP; the tokens work on the API; the IdP log shows the flow', async () => {
    const before = idpLog().length;
    const outcome = await srpSignIn(user.email, user.password);
    expect(outcome.kind).toBe('signedIn');
    const session = (outcome as { session: CognitoUserSession }).session;
    const accessToken = session.getAccessToken().getJwtToken();
    expect(decodeJwt(accessToken).sub).toBe(user.userId);
    const me = await apiClient(stack, accessToken)('GET', '/me');
    expect(me.status).toBe(200);
    const entries = idpLog()
      .slice(before - 1)
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; authFlow?: string; challengeName?: string });
    expect(entries).toContainEqual(
      expect.objectContaining({ msg: 'InitiateAuth', authFlow: 'USER_SRP_AUTH' }),
    );
    expect(entries).toContainEqual(
      expect.objectContaining({ msg: 'RespondToAuthChallenge', challengeName: 'PASSWORD_VERIFIER' }),
    );
  });

  it('a wrong password fails with NotAuthorizedException', async () => {
    const outcome = await srpSignIn(user.email, 'Wrong-Horse-9');
    expect(outcome.kind).toBe('failed');
    expect((outcome as { error: { code: string } }).error.code).toBe('NotAuthorizedException');
  });

  it('an unknown e-mail gets a challenge too, then the same NotAuthorizedException (no user enumeration)', async () => {
    const outcome = await srpSignIn('nobody-here@example.test', 'Correct-Horse-9');
    expect(outcome.kind).toBe('failed');
    expect((outcome as { error: { code: string } }).error.code).toBe('NotAuthorizedException');
  });

  it('a replayed secret block is refused', async () => {
    const init = await idp.send(
      new InitiateAuthCommand({
        ClientId: stack.userPoolClientId,
        AuthFlow: 'USER_SRP_AUTH',
        AuthParameters: { USERNAME: user.email, SRP_A: 'ab'.repeat(64) },
      }),
    );
    const params = init.ChallengeParameters ?? {};
    expect(init.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(Object.keys(params).sort()).toEqual([
      'SALT',
      'SECRET_BLOCK',
      'SRP_B',
      'USERNAME',
      'USER_ID_FOR_SRP',
    ]);
    const answer = () =>
      idp.send(
        new RespondToAuthChallengeCommand({
          ClientId: stack.userPoolClientId,
          ChallengeName: 'PASSWORD_VERIFIER',
          ChallengeResponses: {
            USERNAME: String(params.USER_ID_FOR_SRP),
            PASSWORD_CLAIM_SECRET_BLOCK: String(params.SECRET_BLOCK),
            PASSWORD_CLAIM_SIGNATURE: Buffer.alloc(32).toString('base64'),
            TIMESTAMP: 'Tue Dec 1 20:57:57 UTC 2026',
          },
        }),
      );
    await expect(answer()).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    await expect(answer()).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: /session is expired/,
    });
  });
});

describe('the web client of a deployed stage refuses USER_PASSWORD_AUTH', () => {
  let prodClientId: string;
  let user: TestUser;
  beforeAll(async () => {
    // The client exactly as serverless.yml declares it for --stage prod, created in the local pool.
    const prod = await loadServerlessConfig('prod', process.env);
    const props = prod.resources.Resources.UserPoolClient?.Properties as {
      ExplicitAuthFlows: ExplicitAuthFlowsType[];
    };
    expect(props.ExplicitAuthFlows).not.toContain('ALLOW_USER_PASSWORD_AUTH');
    const created = await idp.send(
      new CreateUserPoolClientCommand({
        UserPoolId: stack.userPoolId,
        ClientName: 'web-prod-flows',
        ExplicitAuthFlows: props.ExplicitAuthFlows,
      }),
    );
    prodClientId = String(created.UserPoolClient?.ClientId);
    user = await createUser(stack);
  }, 120_000);

  it('USER_PASSWORD_AUTH → InvalidParameterException; SRP signs in', async () => {
    await expect(
      idp.send(
        new InitiateAuthCommand({
          ClientId: prodClientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: user.email, PASSWORD: user.password },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'USER_PASSWORD_AUTH flow not enabled for this client',
    });
    expect((await srpSignIn(user.email, user.password, prodClientId)).kind).toBe('signedIn');
  });
});

describe('TOTP MFA (authenticator app)', () => {
  let user: TestUser;
  let totp: TOTP;
  beforeAll(async () => {
    user = await createUser(stack);
    const { SecretCode } = await idp.send(
      new AssociateSoftwareTokenCommand({ AccessToken: user.accessToken }),
    );
    totp = new TOTP({
      secret: Secret.fromBase32(String(SecretCode)),
      digits: 6,
      period: 30,
      algorithm: 'SHA1',
    });
    const verified = await idp.send(
      new VerifySoftwareTokenCommand({ AccessToken: user.accessToken, UserCode: totp.generate() }),
    );
    expect(verified.Status).toBe('SUCCESS');
    await idp.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: user.accessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
  });

  it('sign-in asks for a code, and a code generated here signs in', async () => {
    const first = await srpSignIn(user.email, user.password);
    expect(first.kind).toBe('totpRequired');
    const done = await sendTotp((first as { user: CognitoUser }).user, totp.generate());
    expect(done.kind).toBe('signedIn');
    const token = (done as { session: CognitoUserSession }).session.getAccessToken().getJwtToken();
    expect(decodeJwt(token).sub).toBe(user.userId);
  });

  it('a wrong code is refused', async () => {
    const first = await srpSignIn(user.email, user.password);
    const wrong = String((Number(totp.generate()) + 500_000) % 1_000_000).padStart(6, '0');
    const done = await sendTotp((first as { user: CognitoUser }).user, wrong);
    expect(done.kind).toBe('failed');
    expect((done as { error: { code: string } }).error.code).toBe('CodeMismatchException');
  });

  it("a forged access token (signature not the pool's) cannot turn MFA off", async () => {
    const [header, payload] = user.accessToken.split('.') as [string, string];
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    await expect(
      idp.send(
        new SetUserMFAPreferenceCommand({
          AccessToken: forged,
          SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect((await srpSignIn(user.email, user.password)).kind).toBe('totpRequired');
  });

  it('a code without the password (a session this server never issued) is refused', async () => {
    await expect(
      idp.send(
        new RespondToAuthChallengeCommand({
          ClientId: stack.userPoolClientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: '2b0f6c0e-6f7c-4bd4-9d6e-3a1d8f1c0a11',
          ChallengeResponses: { USERNAME: user.userId, SOFTWARE_TOKEN_MFA_CODE: totp.generate() },
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});

describe('ForgotPassword with PreventUserExistenceErrors', () => {
  it('answers an unknown e-mail like a known one (no account enumeration)', async () => {
    const known = await createUser(stack);
    const send = (email: string) =>
      idp.send(new ForgotPasswordCommand({ ClientId: stack.userPoolClientId, Username: email }));
    const forKnown = await send(known.email);
    const forUnknown = await send('nobody-at-all@example.test');
    expect(forUnknown.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    expect(Object.keys(forUnknown.CodeDeliveryDetails ?? {}).sort()).toEqual(
      Object.keys(forKnown.CodeDeliveryDetails ?? {}).sort(),
    );
  });
});
