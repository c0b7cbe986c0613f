import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIssuer, type TestIssuer } from '../s3-gateway/test-servers';
import { apiGatewayClaims, createJwtAuthorizerCheck, jwtAuthorizersFromConfig } from './jwt-authorizer';

let issuer: TestIssuer;
const CLIENT = 'client-1';

beforeAll(async () => {
  issuer = await startTestIssuer();
});

afterAll(() => issuer?.close());

const now = () => Math.floor(Date.now() / 1000);
const token = (claims: JWTPayload, otherKey = false) => issuer.sign(claims, { otherKey });
const check = () =>
  createJwtAuthorizerCheck({ issuerUrl: issuer.issuer, audience: [CLIENT], header: 'authorization' });
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describe('the local JWT authorizer', () => {
  it('passes a valid access token (client_id) and hands the claims over as API Gateway does', async () => {
    const verdict = await check()(
      bearer(await token({ token_use: 'access', client_id: CLIENT, scope: 'aws.cognito.signin.user.admin' })),
    );
    expect(verdict.ok).toBe(true);
    if (!verdict.ok) return;
    expect(verdict.claims).toMatchObject({
      sub: 'user-1',
      token_use: 'access',
      client_id: CLIENT,
      iss: issuer.issuer,
    });
    expect(typeof verdict.claims.exp).toBe('string');
    expect(verdict.scopes).toBeNull();
  });

  it('passes an ID token whose aud is the client, with or without the Bearer prefix', async () => {
    const id = await token({ token_use: 'id', aud: CLIENT, email: 'a@example.com' });
    expect((await check()({ authorization: id })).ok).toBe(true);
    expect((await check()(bearer(id))).ok).toBe(true);
  });

  it.each([
    ['no header', async () => ({}), 'Bearer'],
    ['an empty header', async () => ({ authorization: 'Bearer ' }), 'Bearer'],
    ['garbage', async () => bearer('not.a.jwt'), 'the token is not valid'],
    ['another key', async () => bearer(await token({ client_id: CLIENT }, true)), 'the token is not valid'],
    [
      'an expired token',
      async () => bearer(await token({ client_id: CLIENT, exp: now() - 10 })),
      'the token has expired',
    ],
    [
      'another issuer',
      async () => bearer(await token({ client_id: CLIENT, iss: 'https://evil.example/pool' })),
      'valid issuer',
    ],
    ['another client', async () => bearer(await token({ client_id: 'other' })), 'valid audience'],
    // API Gateway evaluates aud when the token has one: a matching client_id does not rescue it.
    [
      'aud of another client beside a matching client_id',
      async () => bearer(await token({ aud: 'other', client_id: CLIENT })),
      'valid audience',
    ],
    [
      'a token issued in the future',
      async () => bearer(await token({ client_id: CLIENT, iat: now() + 600 })),
      'not valid yet',
    ],
  ])('refuses %s with 401 and a www-authenticate reason', async (_name, headers, reason) => {
    const verdict = await check()(await headers());
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.wwwAuthenticate).toContain(reason);
  });

  it('a tampered payload (signature kept) is refused', async () => {
    const [h, p, s] = (await token({ client_id: CLIENT })).split('.') as [string, string, string];
    const payload = { ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'someone-else' };
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    expect((await check()(bearer(forged))).ok).toBe(false);
  });

  it("checks a route's scopes: one of them must be in the token's scope claim", async () => {
    const t = await token({ client_id: CLIENT, scope: 'openid posts/write' });
    const ok = await check()(bearer(t), ['posts/write', 'admin']);
    expect(ok).toMatchObject({ ok: true, scopes: ['openid', 'posts/write'] });
    expect((await check()(bearer(t), ['admin'])).ok).toBe(false);
  });
});

describe('apiGatewayClaims', () => {
  it('renders every claim as a string: numbers as text, arrays as [a b]', () => {
    expect(apiGatewayClaims({ exp: 5, aud: ['a', 'b'], email_verified: true, sub: 's' })).toEqual({
      exp: '5',
      aud: '[a b]',
      email_verified: 'true',
      sub: 's',
    });
  });
});

describe('jwtAuthorizersFromConfig', () => {
  it('reads the JWT authorizers of provider.httpApi', () => {
    const authorizers = jwtAuthorizersFromConfig({
      authorizers: {
        cognito: {
          type: 'jwt',
          identitySource: '$request.header.Authorization',
          issuerUrl: 'http://i',
          audience: 'c',
        },
      },
    });
    expect(authorizers.get('cognito')).toEqual({
      issuerUrl: 'http://i',
      audience: ['c'],
      header: 'authorization',
    });
  });

  it('refuses what it cannot run like API Gateway: a Lambda authorizer, no audience, a query identity source', () => {
    for (const settings of [
      { type: 'request', identitySource: '$request.header.Authorization' },
      { type: 'jwt', identitySource: '$request.header.Authorization', issuerUrl: 'http://i' },
      { type: 'jwt', identitySource: '$request.querystring.token', issuerUrl: 'http://i', audience: ['c'] },
    ]) {
      expect(() => jwtAuthorizersFromConfig({ authorizers: { a: settings } })).toThrow(/JWT authorizers/);
    }
  });
});
