import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listenOnRandomPort,
  type RunningServer,
  startTestIssuer,
  type TestIssuer,
} from '../s3-gateway/test-servers';
import type { HttpApiCors } from './cors';
import { createHttpApiFront } from './front';
import type { Route } from './routes';

/**
 * The HTTP API front against a stand-in for serverless-offline that answers exactly as
 * serverless-offline 14.8 does (a Lambda error relayed as HTTP 200 with the Lambda error JSON, CORS
 * reflected for any origin). The real stack is exercised in test/integration/http-api.test.ts.
 */
const WEB = 'http://127.0.0.1:5173';
const cors: HttpApiCors = {
  allowedOrigins: [WEB],
  allowedHeaders: ['Content-Type', 'Authorization'],
  allowedMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
  exposedResponseHeaders: ['ETag', 'Location'],
  maxAge: 600,
};
const route = (method: string, path: string, functionKey: string, authorizer?: string): Route => ({
  method,
  path,
  functionKey,
  segments: path.split('/').slice(1),
  ...(authorizer ? { authorizer: { name: authorizer, scopes: [] } } : {}),
});
const routes = [
  route('GET', '/health', 'getHealth'),
  route('PATCH', '/todos/{id}', 'updateTodo'),
  route('GET', '/crash', 'crash'),
  route('GET', '/slow', 'slow'),
  route('GET', '/me', 'getMe', 'cognito'),
  route('GET', '/echo', 'echo'),
];
const CLIENT = 'client-1';

let offline: Server;
let front: RunningServer;
let issuer: TestIssuer;
let inFlight = 0;
let maxInFlight = 0;

function fakeOffline(req: IncomingMessage, res: ServerResponse) {
  const reflect = {
    'access-control-allow-origin': req.headers.origin ?? '*',
    'content-type': 'application/json',
  };
  req.resume();
  if (req.url === '/crash') {
    res.writeHead(200, reflect);
    res.end(JSON.stringify({ errorMessage: 'boom', errorType: 'TypeError', stackTrace: ['at x'] }));
  } else if (req.url === '/slow') {
    res.writeHead(200, reflect);
    res.end(
      JSON.stringify({
        errorMessage: '[504] - Lambda timeout.',
        errorType: 'LambdaTimeoutError',
        stackTrace: [],
      }),
    );
  } else if (req.url === '/me' || req.url === '/echo') {
    // What serverless-offline would put on the event as requestContext.authorizer.
    res.writeHead(200, reflect);
    res.end(String(req.headers['sls-offline-authorizer-override']));
  } else if (req.url?.startsWith('/todos/')) {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      res.writeHead(200, reflect);
      res.end('{"ok":true}');
    }, 20);
  } else {
    res.writeHead(200, reflect);
    res.end('{"status":"ok"}');
  }
}

beforeAll(async () => {
  issuer = await startTestIssuer();
  offline = createServer(fakeOffline);
  await new Promise<void>((r) => offline.listen(0, '127.0.0.1', r));
  const port = (offline.address() as AddressInfo).port;
  front = await listenOnRandomPort(
    createHttpApiFront({
      upstream: { host: '127.0.0.1', port },
      routes,
      authorizers: new Map([
        ['cognito', { issuerUrl: issuer.issuer, audience: [CLIENT], header: 'authorization' }],
      ]),
      cors,
      concurrencyPerFunction: 3,
    }),
  );
});

afterAll(async () => {
  await front?.close();
  await new Promise((r) => offline?.close(r));
  await issuer?.close();
});

describe('HTTP API front', () => {
  it('answers a crashed invocation 500 {"message":"Internal Server Error"}, never 200', async () => {
    const res = await fetch(`${front.url}/crash`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: 'Internal Server Error' });
  });

  it('answers a timed-out invocation 503 {"message":"Service Unavailable"}', async () => {
    const res = await fetch(`${front.url}/slow`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ message: 'Service Unavailable' });
  });

  it('answers unknown routes, undecodable paths and > 10 MB bodies in the HTTP API shapes', async () => {
    const unknown = await fetch(`${front.url}/nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: 'Not Found' });
    const undecodable = await fetch(`${front.url}/todos/%ff`, { method: 'PATCH' });
    expect(undecodable.status).toBe(400);
    expect(await undecodable.json()).toEqual({ message: 'Bad Request' });
    const big = await fetch(`${front.url}/todos/1`, {
      method: 'PATCH',
      body: Buffer.alloc(11 * 1024 * 1024, 32),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ message: 'Request Entity Too Large' });
  });

  it('gives CORS headers to the configured origin only, on success and error', async () => {
    for (const path of ['/health', '/crash', '/nope']) {
      const ok = await fetch(`${front.url}${path}`, { headers: { origin: WEB } });
      expect(ok.headers.get('access-control-allow-origin'), path).toBe(WEB);
      for (const origin of ['https://evil.example', 'null']) {
        const res = await fetch(`${front.url}${path}`, { headers: { origin } });
        expect(res.headers.get('access-control-allow-origin'), `${path} ${origin}`).toBeNull();
      }
    }
    const preflight = (origin: string) =>
      fetch(`${front.url}/todos/1`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'PATCH' },
      });
    const allowed = await preflight(WEB);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('runs at most N invocations of one function at once and queues the rest (all answered)', async () => {
    maxInFlight = 0;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => fetch(`${front.url}/todos/${i}`, { method: 'PATCH', body: '{}' })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(200));
    expect(maxInFlight).toBe(3);
  });

  it("runs a route's JWT authorizer: 401 as API Gateway answers it, with CORS, the function never called", async () => {
    const expired = await issuer.sign({ client_id: CLIENT, exp: Math.floor(Date.now() / 1000) - 10 });
    for (const [headers, reason] of [
      [{}, 'Bearer'],
      [{ authorization: `Bearer ${expired}` }, 'the token has expired'],
      [
        { authorization: `Bearer ${await issuer.sign({ client_id: CLIENT }, { otherKey: true })}` },
        'not valid',
      ],
    ] as const) {
      const res = await fetch(`${front.url}/me`, { headers: { ...headers, origin: WEB } });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ message: 'Unauthorized' });
      expect(res.headers.get('www-authenticate')).toContain(reason);
      expect(res.headers.get('access-control-allow-origin')).toBe(WEB);
    }
  });

  it("passes the verified claims on, and never a caller's own authorizer header", async () => {
    const forged = JSON.stringify({ jwt: { claims: { sub: 'someone-else' } } });
    const token = await issuer.sign({ client_id: CLIENT, token_use: 'access' });
    const me = await fetch(`${front.url}/me`, {
      headers: { authorization: `Bearer ${token}`, 'sls-offline-authorizer-override': forged },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      jwt: { claims: { sub: 'user-1', client_id: CLIENT }, scopes: null },
    });
    // A route without an authorizer: no claims at all (serverless-offline would decode any token).
    const echo = await fetch(`${front.url}/echo`, {
      headers: { authorization: `Bearer ${token}`, 'sls-offline-authorizer-override': forged },
    });
    expect(await echo.json()).toEqual({});
  });

  it('refuses to start with a route whose authorizer is not declared', () => {
    expect(() =>
      createHttpApiFront({
        upstream: { host: '127.0.0.1', port: 1 },
        routes: [route('GET', '/x', 'x', 'nope')],
      }),
    ).toThrow(/"nope" is not in provider.httpApi.authorizers/);
  });
});
