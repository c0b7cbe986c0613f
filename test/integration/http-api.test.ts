import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiClient } from '../support/api';
import { createUser, type TestUser } from '../support/users';

/**
 * The local API behaves as the deployed HTTP API at its edges (issue 11): concurrent writers get
 * answers instead of Lambda timeouts, CORS only for the configured origin, and the errors made
 * before a handler runs come back in the HTTP API's own shapes.
 */
const stack = inject('stack');
const api = apiClient(stack);
let user: TestUser;

beforeAll(async () => {
  user = await createUser(stack);
});

describe('HTTP API: load on one route', () => {
  it('50 concurrent PATCH /todos/{id} with the same If-Match: exactly 1 winner and 49 × 409, no timeout', async () => {
    const created = await api<{ id: string; version: number }>('POST', '/todos', {
      token: user.accessToken,
      body: { title: 'contended' },
    });
    expect(created.status, created.text).toBe(201);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api('PATCH', `/todos/${created.body.id}`, {
          token: user.accessToken,
          body: { title: `writer ${i}` },
          headers: { 'if-match': `"${created.body.version}"` },
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
  });

  it('20 concurrent POST /posts are all created (no timeout), with unique slugs', async () => {
    const title = `Same title ${Date.now().toString(36)}`;
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        api<{ slug: string }>('POST', '/posts', {
          token: user.accessToken,
          body: { title, body: 'text', status: 'draft' },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.body.slug)).size).toBe(20);
  });
});

describe('HTTP API: CORS from serverless.yml', () => {
  it('only the configured web origin gets Access-Control-Allow-Origin, on success and on error', async () => {
    const cases: [string, string | undefined][] = [
      ['/health', undefined],
      ['/todos', undefined], // 401 without a token
      ['/no-such-route', undefined],
    ];
    for (const [path] of cases) {
      const allowed = await api('GET', path, { headers: { origin: stack.webUrl } });
      expect(allowed.headers.get('access-control-allow-origin'), path).toBe(stack.webUrl);
      for (const origin of ['https://evil.example', 'null']) {
        const res = await api('GET', path, { headers: { origin } });
        expect(res.headers.get('access-control-allow-origin'), `${path} from ${origin}`).toBeNull();
      }
    }
    const preflight = await fetch(`${stack.apiUrl}/todos`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('HTTP API: errors before a handler runs', () => {
  it('unknown route → 404 {"message":"Not Found"}', async () => {
    const res = await api('GET', '/no-such-route');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: 'Not Found' });
  });

  it('undecodable path → 400 {"message":"Bad Request"}', async () => {
    const res = await api('GET', '/todos/%ff', { token: user.accessToken });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: 'Bad Request' });
  });

  it('an 11 MB body → 413 {"message":"Request Entity Too Large"}', async () => {
    const res = await api('POST', '/todos', {
      token: user.accessToken,
      rawBody: 'x'.repeat(11 * 1024 * 1024),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ message: 'Request Entity Too Large' });
  });
});
