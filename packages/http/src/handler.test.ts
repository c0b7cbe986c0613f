import { ValidationError } from '@app/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { httpHandler } from './handler';

function event(body: unknown, isBase64Encoded = false): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /things',
    rawPath: '/things',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: { http: { method: 'POST' }, requestId: 'r1' },
    body,
    isBase64Encoded,
  } as unknown as APIGatewayProxyEventV2;
}

/** Accepts only a JSON object, like every domain schema. */
const handler = httpHandler(
  async ({ body }) => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ValidationError('Invalid request: expected an object');
    }
    return { status: 201, body: { got: body } };
  },
  { auth: 'none' },
);

describe('httpHandler', () => {
  // Regression (issue 11): a JSON body of `false` or `0` answered 500 internal_error on every write
  // route (serverless-offline passes those parsed, not as text).
  it.each([
    ['false', false],
    ['0', 0],
    ['"false" as text', 'false'],
    ['"0" as text', '0'],
    ['null', 'null'],
    ['"x"', '"x"'],
    ['[]', '[]'],
    ['true', true],
  ])('answers 400 with the error shape for a JSON body of %s', async (_name, body) => {
    const response = await handler(event(body));
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(String(response.body))).toEqual({
      error: { code: expect.any(String), message: expect.any(String) },
    });
  });

  it('still reads base64 bodies and refuses invalid JSON with 400', async () => {
    const ok = await handler(event(Buffer.from('{"a":1}').toString('base64'), true));
    expect(ok.statusCode).toBe(201);
    expect(JSON.parse(String(ok.body))).toEqual({ got: { a: 1 } });
    const bad = await handler(event('{"a":'));
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(String(bad.body)).error.code).toBe('invalid_json');
  });

  it('sends X-Content-Type-Options: nosniff on success and on error', async () => {
    const ok = await handler(event('{"a":1}'));
    const bad = await handler(event('[]'));
    expect(ok.headers?.['x-content-type-options']).toBe('nosniff');
    expect(bad.headers?.['x-content-type-options']).toBe('nosniff');
  });
});

describe('httpHandler, auth "required": the caller from the JWT authorizer\'s claims', () => {
  const CLIENT = 'client-1';
  beforeAll(() => {
    vi.stubEnv('JWT_ISSUER', 'http://127.0.0.1:1/pool_1');
    vi.stubEnv('USER_POOL_CLIENT_ID', CLIENT);
    vi.stubEnv('WEB_ORIGIN', 'http://127.0.0.1:2');
  });
  const whoAmI = httpHandler(async ({ auth }) => ({ status: 200, body: auth }), { auth: 'required' });
  /** A request as API Gateway passes it after its authorizer: claims as strings (payload 2.0). */
  const signedIn = (claims: Record<string, string> | undefined, authorization = 'Bearer t0k3n') => {
    const e = event(undefined);
    e.headers = { authorization };
    if (claims)
      (e.requestContext as unknown as Record<string, unknown>).authorizer = { jwt: { claims, scopes: null } };
    return e;
  };
  const body = (r: { body?: string }) => JSON.parse(String(r.body));

  it('an access token for this client: the caller is its sub, with the raw token', async () => {
    const res = await whoAmI(
      signedIn({ sub: 'u1', token_use: 'access', client_id: CLIENT, username: 'ann', exp: '9' }),
    );
    expect(res.statusCode).toBe(200);
    expect(body(res)).toEqual({ userId: 'u1', username: 'ann', tokenUse: 'access', token: 't0k3n' });
  });

  it('an ID token whose aud names this client, also as API Gateway renders an array', async () => {
    for (const aud of [CLIENT, `[other ${CLIENT}]`]) {
      const res = await whoAmI(signedIn({ sub: 'u1', token_use: 'id', aud, email: 'a@example.com' }));
      expect(res.statusCode, aud).toBe(200);
      expect(body(res)).toMatchObject({ userId: 'u1', email: 'a@example.com', tokenUse: 'id' });
    }
  });

  it.each([
    ['no claims (a route without its authorizer): refused, never trusted', undefined],
    ['another app client', { sub: 'u1', token_use: 'access', client_id: 'other' }],
    ['an ID token for another client', { sub: 'u1', token_use: 'id', aud: '[other third]' }],
    ['neither access nor ID token', { sub: 'u1', client_id: CLIENT }],
    ['no subject', { token_use: 'access', client_id: CLIENT }],
  ])('401 with the error shape: %s', async (_name, claims) => {
    const res = await whoAmI(signedIn(claims));
    expect(res.statusCode).toBe(401);
    expect(body(res)).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });
});
