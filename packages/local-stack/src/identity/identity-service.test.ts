import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityService, type IdentityService, type IdentityServiceOptions } from './index';
import { startTestIssuer, type TestIssuer } from './test-issuer';

const region = 'us-east-1';
const identityPoolId = 'us-east-1:00000000-0000-4000-8000-000000000001';

let issuer: TestIssuer;
let dataDir: string;
let service: IdentityService;
let server: Server;
let endpoint: string;

async function listen(handler: IdentityService['handler']): Promise<{ server: Server; endpoint: string }> {
  const s = createServer(handler);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { server: s, endpoint: `http://127.0.0.1:${(s.address() as AddressInfo).port}` };
}

function options(overrides: Partial<IdentityServiceOptions> = {}): IdentityServiceOptions {
  return {
    region,
    identityPoolId,
    allowUnauthenticated: false,
    userPool: { issuer: issuer.issuer, clientIds: [issuer.clientId] },
    dataDir,
    ...overrides,
  };
}

function providerName(): string {
  return `cognito-idp.${region}.amazonaws.com/${issuer.userPoolId}`;
}

/** Raw AWS JSON 1.1 call, as the SDK makes it. */
async function call(operation: string, body: object, url = endpoint) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityService.${operation}`,
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function getId(token: string, key = providerName()): Promise<string> {
  const res = await call('GetId', { IdentityPoolId: identityPoolId, Logins: { [key]: token } });
  expect(res.status).toBe(200);
  return String(res.body.IdentityId);
}

beforeAll(async () => {
  issuer = await startTestIssuer();
  dataDir = mkdtempSync(join(tmpdir(), 'identity-test-'));
  service = createIdentityService(options());
  ({ server, endpoint } = await listen(service.handler));
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await issuer?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('local Cognito Identity', () => {
  it('works unchanged with the SDK credential provider fromCognitoIdentityPool', async () => {
    const token = await issuer.idToken('user-a');
    const provider = fromCognitoIdentityPool({
      identityPoolId,
      logins: { [providerName()]: token },
      clientConfig: { region, endpoint },
    });
    const credentials = await provider();
    expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(credentials.secretAccessKey).toHaveLength(40);
    expect(credentials.sessionToken).toBeTruthy();
    expect(credentials.identityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    const ttl = (credentials.expiration?.getTime() ?? 0) - Date.now();
    expect(ttl).toBeGreaterThan(3500_000);
    expect(ttl).toBeLessThanOrEqual(3600_000);

    const resolved = service.credentials.resolve(credentials.accessKeyId, credentials.sessionToken);
    expect(resolved).toMatchObject({
      ok: true,
      credential: {
        secretAccessKey: credentials.secretAccessKey,
        principal: { kind: 'identity', identityId: credentials.identityId, identityPoolId },
      },
    });
  });

  it('tags the session with the user-pool sub (IdentityPoolPrincipalTag), signed into the token', async () => {
    const tagged = createIdentityService(
      options({
        principalTags: [{ providerName: issuer.issuer.replace('http://', ''), tags: { userId: 'sub' } }],
      }),
    );
    const { server: s2, endpoint: e2 } = await listen(tagged.handler);
    try {
      const provider = fromCognitoIdentityPool({
        identityPoolId,
        logins: { [providerName()]: await issuer.idToken('tagged-user') },
        clientConfig: { region, endpoint: e2 },
      });
      const c = await provider();
      const resolved = tagged.credentials.resolve(c.accessKeyId, c.sessionToken);
      expect(resolved).toMatchObject({
        ok: true,
        credential: { principal: { tags: { userId: 'tagged-user' } } },
      });
      // The tags are part of the signed token: rewriting them makes the token invalid.
      const [body, signature] = String(c.sessionToken).split('.');
      const claims = JSON.parse(Buffer.from(String(body), 'base64url').toString('utf8'));
      claims.tags.userId = 'someone-else';
      const forged = `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
      expect(tagged.credentials.resolve(c.accessKeyId, forged)).toEqual({ ok: false, code: 'InvalidToken' });
    } finally {
      s2.closeAllConnections();
      await new Promise((resolve) => s2.close(resolve));
    }
  });

  it('adds no tags for a provider the mapping does not name', async () => {
    const other = createIdentityService(
      options({
        principalTags: [
          { providerName: 'cognito-idp.us-east-1.amazonaws.com/other', tags: { userId: 'sub' } },
        ],
      }),
    );
    const { server: s2, endpoint: e2 } = await listen(other.handler);
    try {
      const c = await fromCognitoIdentityPool({
        identityPoolId,
        logins: { [providerName()]: await issuer.idToken('untagged-user') },
        clientConfig: { region, endpoint: e2 },
      })();
      const resolved = other.credentials.resolve(c.accessKeyId, c.sessionToken);
      expect(resolved.ok && resolved.credential.principal).not.toHaveProperty('tags');
    } finally {
      s2.closeAllConnections();
      await new Promise((resolve) => s2.close(resolve));
    }
  });

  it('gives one stable identity id per user, across provider names and restarts', async () => {
    const a = await getId(await issuer.idToken('stable-a'));
    const again = await getId(await issuer.idToken('stable-a'));
    const viaIssuerKey = await getId(await issuer.idToken('stable-a'), issuer.issuer.replace('http://', ''));
    const b = await getId(await issuer.idToken('stable-b'));
    expect(again).toBe(a);
    expect(viaIssuerKey).toBe(a);
    expect(b).not.toBe(a);

    const persisted = JSON.parse(readFileSync(join(dataDir, 'identities.json'), 'utf8'));
    expect(persisted.identities.map((i: { identityId: string }) => i.identityId)).toContain(a);
    expect(statSync(join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);

    const restarted = createIdentityService(options());
    const { server: s2, endpoint: e2 } = await listen(restarted.handler);
    try {
      const res = await call(
        'GetId',
        { IdentityPoolId: identityPoolId, Logins: { [providerName()]: await issuer.idToken('stable-a') } },
        e2,
      );
      expect(res.body.IdentityId).toBe(a);
      // Credentials minted before the restart still resolve: they derive from the persisted master key.
      const creds = await call(
        'GetCredentialsForIdentity',
        { IdentityId: a, Logins: { [providerName()]: await issuer.idToken('stable-a') } },
        endpoint,
      );
      const c = creds.body.Credentials as Record<string, string>;
      expect(restarted.credentials.resolve(String(c.AccessKeyId), String(c.SessionToken))).toMatchObject({
        ok: true,
        credential: { secretAccessKey: c.SecretKey },
      });
    } finally {
      s2.closeAllConnections();
      await new Promise((resolve) => s2.close(resolve));
    }
  });

  it("refuses B's token for A's identity", async () => {
    const a = await getId(await issuer.idToken('owner-a'));
    const res = await call('GetCredentialsForIdentity', {
      IdentityId: a,
      Logins: { [providerName()]: await issuer.idToken('intruder-b') },
    });
    expect(res.status).toBe(400);
    expect(res.body.__type).toBe('NotAuthorizedException');
  });

  it('refuses credentials for an authenticated identity without its Logins', async () => {
    const a = await getId(await issuer.idToken('owner-c'));
    const res = await call('GetCredentialsForIdentity', { IdentityId: a });
    expect(res.status).toBe(400);
    expect(res.body.__type).toBe('NotAuthorizedException');
  });

  it('refuses a forged ID token', async () => {
    const res = await call('GetId', {
      IdentityPoolId: identityPoolId,
      Logins: { [providerName()]: await issuer.idToken('user-a', { forge: true }) },
    });
    expect(res).toMatchObject({ status: 400, body: { __type: 'NotAuthorizedException' } });
  });

  it('refuses an expired ID token', async () => {
    const expired = await issuer.idToken('user-a', { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    const res = await call('GetId', {
      IdentityPoolId: identityPoolId,
      Logins: { [providerName()]: expired },
    });
    expect(res).toMatchObject({ status: 400, body: { __type: 'NotAuthorizedException' } });
    expect(String(res.body.message)).toMatch(/expired/i);
  });

  it('refuses access tokens, foreign audiences and unknown providers', async () => {
    const access = await issuer.idToken('user-a', { claims: { token_use: 'access' } });
    const otherClient = await issuer.idToken('user-a', { claims: { aud: 'someone-else' } });
    for (const token of [access, otherClient]) {
      const res = await call('GetId', {
        IdentityPoolId: identityPoolId,
        Logins: { [providerName()]: token },
      });
      expect(res).toMatchObject({ status: 400, body: { __type: 'NotAuthorizedException' } });
    }
    const res = await call('GetId', {
      IdentityPoolId: identityPoolId,
      Logins: { 'accounts.google.com': await issuer.idToken('user-a') },
    });
    expect(res).toMatchObject({ status: 400, body: { __type: 'NotAuthorizedException' } });
  });

  it('refuses guests unless the pool allows them', async () => {
    const refused = await call('GetId', { IdentityPoolId: identityPoolId });
    expect(refused).toMatchObject({ status: 400, body: { __type: 'NotAuthorizedException' } });

    const guests = createIdentityService(options({ allowUnauthenticated: true }));
    const { server: s2, endpoint: e2 } = await listen(guests.handler);
    try {
      const id = await call('GetId', { IdentityPoolId: identityPoolId }, e2);
      expect(id.status).toBe(200);
      const creds = await call('GetCredentialsForIdentity', { IdentityId: id.body.IdentityId }, e2);
      expect(creds.status).toBe(200);
      const c = creds.body.Credentials as Record<string, unknown>;
      expect(typeof c.Expiration).toBe('number');
      expect(guests.credentials.resolve(String(c.AccessKeyId), String(c.SessionToken))).toMatchObject({
        ok: true,
        credential: { principal: { kind: 'identity', authenticated: false } },
      });
    } finally {
      s2.closeAllConnections();
      await new Promise((resolve) => s2.close(resolve));
    }
  });

  it('answers unknown pools, unknown identities and unknown operations like AWS', async () => {
    const token = await issuer.idToken('user-a');
    const pool = await call('GetId', {
      IdentityPoolId: 'us-east-1:nope',
      Logins: { [providerName()]: token },
    });
    expect(pool).toMatchObject({ status: 400, body: { __type: 'ResourceNotFoundException' } });
    const identity = await call('GetCredentialsForIdentity', { IdentityId: 'us-east-1:unknown' });
    expect(identity).toMatchObject({ status: 400, body: { __type: 'ResourceNotFoundException' } });
    const op = await call('ListIdentityPools', { MaxResults: 1 });
    expect(op).toMatchObject({ status: 400, body: { __type: 'UnknownOperationException' } });
  });
});

describe('credential store', () => {
  it('rejects tampered, mismatched, missing and expired session tokens', async () => {
    const token = await issuer.idToken('store-user');
    const id = await getId(token);
    const res = await call('GetCredentialsForIdentity', {
      IdentityId: id,
      Logins: { [providerName()]: token },
    });
    const c = res.body.Credentials as Record<string, string>;
    const akid = String(c.AccessKeyId);
    const sessionToken = String(c.SessionToken);
    const [body, signature] = sessionToken.split('.');
    const claims = JSON.parse(Buffer.from(String(body), 'base64url').toString());
    const forgedBody = Buffer.from(
      JSON.stringify({ ...claims, identityId: 'us-east-1:someone-else' }),
    ).toString('base64url');

    expect(service.credentials.resolve(akid, `${forgedBody}.${signature}`)).toEqual({
      ok: false,
      code: 'InvalidToken',
    });
    expect(service.credentials.resolve('ASIAAAAAAAAAAAAAAAAA', sessionToken)).toEqual({
      ok: false,
      code: 'InvalidToken',
    });
    expect(service.credentials.resolve(akid, undefined)).toEqual({ ok: false, code: 'InvalidAccessKeyId' });
    expect(service.credentials.resolve('AKIAUNKNOWN', undefined)).toEqual({
      ok: false,
      code: 'InvalidAccessKeyId',
    });

    const shortLived = createIdentityService(options({ credentialTtlSeconds: 1 }));
    const { server: s2, endpoint: e2 } = await listen(shortLived.handler);
    try {
      const r = await call(
        'GetCredentialsForIdentity',
        { IdentityId: id, Logins: { [providerName()]: token } },
        e2,
      );
      const short = r.body.Credentials as Record<string, string>;
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(shortLived.credentials.resolve(String(short.AccessKeyId), String(short.SessionToken))).toEqual({
        ok: false,
        code: 'ExpiredToken',
      });
    } finally {
      s2.closeAllConnections();
      await new Promise((resolve) => s2.close(resolve));
    }
  });

  it('knows static keys such as the Lambda role key', () => {
    const withLambda = createIdentityService(
      options({
        staticCredentials: [
          {
            accessKeyId: 'LOCALLAMBDA',
            secretAccessKey: 'local-secret',
            principal: {
              kind: 'lambda',
              functionKey: 'getHealth',
              roleName: 'getHealth-role',
              sessionName: 'getHealth',
            },
          },
        ],
      }),
    );
    expect(withLambda.credentials.resolve('LOCALLAMBDA', undefined)).toEqual({
      ok: true,
      credential: {
        accessKeyId: 'LOCALLAMBDA',
        secretAccessKey: 'local-secret',
        principal: {
          kind: 'lambda',
          functionKey: 'getHealth',
          roleName: 'getHealth-role',
          sessionName: 'getHealth',
        },
      },
    });
  });
});
