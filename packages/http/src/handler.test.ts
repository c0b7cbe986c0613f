import { ValidationError } from '@app/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
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
