import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';
import { decodeJwt, exportJWK, generateKeyPair, importJWK, importPKCS8, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiClient, expectAuthorizerRefusal } from '../support/api';
import { createUser, type TestUser } from '../support/users';

const stack = inject('stack');
const api = apiClient(stack);

/** The key pair published inside the cognito-local npm package: anyone has it, so nothing may trust it. */
function publishedCognitoLocalKey(): JWK {
  const require = createRequire(import.meta.url);
  const file = require.resolve('cognito-local/lib/keys/cognitoLocal.private.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { jwk: JWK }).jwk;
}

/** This stack's own signing key (created at its first start): used only to mint an *expired* but validly signed token. */
function stackSigningKey() {
  return importPKCS8(readFileSync(join(stack.dataDir, 'cognito-signing-key.pem'), 'utf8'), 'RS256');
}

describe('GET /health', () => {
  it('answers 200 without a token', async () => {
    const res = await api('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});

describe('tokens are verified locally', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await createUser(stack);
  });

  it('a signed-up, confirmed user gets 200 from GET /me with the access token', async () => {
    const res = await api('GET', '/me', { token: user.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: user.userId });
  });

  it('accepts the ID token too', async () => {
    const res = await api('GET', '/me', { token: user.idToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: user.userId });
  });

  it('no token → 401 from the JWT authorizer, as API Gateway answers it', async () => {
    expectAuthorizerRefusal(await api('GET', '/me'), /^Bearer$/);
  });

  it('a tampered token (payload changed, signature kept) → 401', async () => {
    const [h, p, s] = user.accessToken.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    payload.sub = '00000000-0000-0000-0000-000000000000';
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    expectAuthorizerRefusal(await api('GET', '/me', { token: forged }), /invalid_token/);
  });

  it('a garbage signature → 401', async () => {
    const [h, p] = user.accessToken.split('.') as [string, string, string];
    const res = await api('GET', '/me', { token: `${h}.${p}.${Buffer.from('nope').toString('base64url')}` });
    expectAuthorizerRefusal(res, /invalid_token/);
  });

  it('an expired token signed with the real key → 401 token expiry', async () => {
    const claims = decodeJwt(user.accessToken);
    const key = await stackSigningKey();
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ ...claims, iat: now - 7200, exp: now - 3600 })
      .setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' })
      .sign(key);
    expectAuthorizerRefusal(await api('GET', '/me', { token: expired }), /the token has expired/);
  });

  it('a token signed with the key published in the cognito-local package → 401 from the API, refused by GetId', async () => {
    const claims = decodeJwt(user.idToken);
    const now = Math.floor(Date.now() / 1000);
    const forge = async (payload: Record<string, unknown>) =>
      new SignJWT({ ...payload, iat: now, exp: now + 600 })
        .setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' })
        .sign(await importJWK(publishedCognitoLocalKey(), 'RS256'));
    const forgedAccess = await forge(decodeJwt(user.accessToken));
    expectAuthorizerRefusal(await api('GET', '/me', { token: forgedAccess }), /invalid_token/);
    const forgedId = await forge(claims);
    expectAuthorizerRefusal(await api('GET', '/me', { token: forgedId }), /invalid_token/);
    // GetId as the SDK sends it (AWS JSON 1.1).
    const getId = await fetch(stack.cognitoIdentityEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityService.GetId',
      },
      body: JSON.stringify({
        IdentityPoolId: stack.identityPoolId,
        Logins: { [`cognito-idp.${stack.region}.amazonaws.com/${stack.userPoolId}`]: forgedId },
      }),
    });
    expect(getId.status).toBe(400);
    expect(((await getId.json()) as { __type: string }).__type).toMatch(/NotAuthorizedException/);
  });

  it('a token from another issuer (own key, own JWKS) → 401', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    await exportJWK(publicKey);
    const claims = decodeJwt(user.accessToken);
    const now = Math.floor(Date.now() / 1000);
    const other = await new SignJWT({
      ...claims,
      iss: 'https://evil.example.com/pool',
      iat: now,
      exp: now + 600,
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' })
      .sign(privateKey);
    expectAuthorizerRefusal(await api('GET', '/me', { token: other }), /invalid_token/);
  });
});

describe('identity-pool credentials', () => {
  it('put and get an object in the identity’s own prefix of the files bucket', async () => {
    const user = await createUser(stack);
    const credentials = fromCognitoIdentityPool({
      identityPoolId: stack.identityPoolId,
      logins: { [`cognito-idp.${stack.region}.amazonaws.com/${stack.userPoolId}`]: user.idToken },
      clientConfig: { region: stack.region, endpoint: stack.cognitoIdentityEndpoint },
    });
    const identity = await credentials();
    expect(identity.sessionToken).toBeTruthy();
    expect(identity.expiration?.getTime()).toBeGreaterThan(Date.now());
    const s3 = new S3Client({
      region: stack.region,
      endpoint: stack.s3Endpoint,
      forcePathStyle: true,
      credentials,
    });
    const identityId = (identity as { identityId?: string }).identityId;
    expect(identityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    // Prefixes are keyed by the user-pool sub (the session's `userId` principal tag), not the identity id.
    const Key = `private/${user.userId}/hello.txt`;
    await s3.send(
      new PutObjectCommand({ Bucket: stack.buckets.files, Key, Body: 'hello', ContentType: 'text/plain' }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: stack.buckets.files, Key }));
    expect(await got.Body?.transformToString()).toBe('hello');
  });
});
