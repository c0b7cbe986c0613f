import { randomUUID } from 'node:crypto';
import {
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { BodyError, readBody } from '../http-body';
import { applyResponseCors, type HttpApiCors, isPreflight, preflightHeaders } from './cors';
import { type AuthorizerVerdict, createJwtAuthorizerCheck, type JwtAuthorizer } from './jwt-authorizer';
import { ConcurrencyLimiter } from './limiter';
import { matchRoute, type Route } from './routes';

/** The HTTP API's payload quota: 10 MB. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** The HTTP API's maximum integration timeout. */
const INTEGRATION_TIMEOUT_MS = 30_000;

export interface HttpApiFrontOptions {
  /** serverless-offline's HTTP port (loopback). */
  upstream: { host: string; port: number };
  routes: Route[];
  /** `provider.httpApi.authorizers`, resolved for this stack (see jwt-authorizer.ts). */
  authorizers?: Map<string, JwtAuthorizer>;
  cors?: HttpApiCors;
  /** Concurrent invocations per function; further requests queue (default 4). */
  concurrencyPerFunction?: number;
  log?: (entry: object) => void;
}

/**
 * serverless-offline puts this header's JSON on the event as `requestContext.authorizer`; without it,
 * it decodes any bearer token, unverified, into `authorizer.jwt.claims`. The front always sets it —
 * the verified claims on routes with an authorizer, `{}` elsewhere — and never passes a caller's.
 */
const AUTHORIZER_HEADER = 'sls-offline-authorizer-override';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
]);

class GatewayError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** What a Lambda error looks like when serverless-offline relays it (status 200 or 502). */
function invocationFailure(status: number, body: Buffer): 'crash' | 'timeout' | undefined {
  if (status === 502) return 'crash';
  if (status !== 200 || body.length === 0 || body[0] !== 0x7b) return undefined;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    if (typeof parsed.errorMessage !== 'string' || typeof parsed.errorType !== 'string') return undefined;
    return /^\[504\]/.test(parsed.errorMessage) ? 'timeout' : 'crash';
  } catch {
    return undefined;
  }
}

interface UpstreamAnswer {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

function sendUpstream(
  opts: HttpApiFrontOptions,
  req: IncomingMessage,
  body: Buffer,
  authorizer: object,
): Promise<UpstreamAnswer> {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  headers['content-length'] = String(body.length);
  headers[AUTHORIZER_HEADER] = JSON.stringify(authorizer);
  return new Promise((resolve, reject) => {
    const upstreamReq = httpRequest(
      { ...opts.upstream, method: req.method, path: req.url, headers, timeout: INTEGRATION_TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const out: OutgoingHttpHeaders = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
          }
          resolve({ status: res.statusCode ?? 502, headers: out, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      },
    );
    upstreamReq.on('timeout', () => upstreamReq.destroy(new GatewayError(503, 'Service Unavailable')));
    upstreamReq.on('error', (error) =>
      reject(error instanceof GatewayError ? error : new GatewayError(500, 'Internal Server Error')),
    );
    upstreamReq.end(body);
  });
}

function decodedSegments(path: string): string[] {
  try {
    return path.split('/').slice(1).map(decodeURIComponent);
  } catch {
    throw new GatewayError(400, 'Bad Request');
  }
}

/**
 * A local stand-in for the API Gateway HTTP API in front of serverless-offline: routes from
 * serverless.yml (404 `{"message":"Not Found"}` otherwise), their JWT authorizers (401
 * `{"message":"Unauthorized"}`; the verified claims on the event), the 10 MB payload quota (413), CORS as
 * configured (preflights answered here, only allowed origins get headers), bounded concurrency per
 * function with a queue, and failed invocations answered as the HTTP API does: 500
 * `{"message":"Internal Server Error"}` for a crash, 503 `{"message":"Service Unavailable"}` for a
 * timeout — never serverless-offline's 200 with a Lambda error body.
 */
export function createHttpApiFront(
  opts: HttpApiFrontOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const limiters = new Map<string, ConcurrencyLimiter>();
  const limiterFor = (route: Route) => {
    let limiter = limiters.get(route.functionKey);
    if (!limiter) {
      limiter = new ConcurrencyLimiter(opts.concurrencyPerFunction ?? 4);
      limiters.set(route.functionKey, limiter);
    }
    return limiter;
  };
  const log = opts.log ?? (() => {});
  const checks = new Map(
    [...(opts.authorizers ?? [])].map(([name, authorizer]) => [name, createJwtAuthorizerCheck(authorizer)]),
  );
  for (const route of opts.routes) {
    if (route.authorizer && !checks.has(route.authorizer.name)) {
      throw new Error(
        `${route.functionKey}: httpApi authorizer "${route.authorizer.name}" is not in provider.httpApi.authorizers`,
      );
    }
  }
  const authorize = async (route: Route, req: IncomingMessage): Promise<AuthorizerVerdict | undefined> => {
    const check = route.authorizer && checks.get(route.authorizer.name);
    return check ? check(req.headers, route.authorizer?.scopes) : undefined;
  };

  const send = (req: IncomingMessage, res: ServerResponse, answer: UpstreamAnswer) => {
    const headers = applyResponseCors(opts.cors, req.headers, {
      ...answer.headers,
      'apigw-requestid': randomUUID(),
      'content-length': String(answer.body.length),
    });
    res.writeHead(answer.status, headers);
    res.end(req.method === 'HEAD' ? undefined : answer.body);
  };
  const message = (status: number, text: string): UpstreamAnswer => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ message: text })),
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    if (isPreflight(method, req.headers)) {
      req.resume();
      res.writeHead(204, { ...preflightHeaders(opts.cors, req.headers), 'apigw-requestid': randomUUID() });
      res.end();
      return;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = matchRoute(opts.routes, method, decodedSegments(path));
    if (!route) {
      req.resume();
      throw new GatewayError(404, 'Not Found');
    }
    const body = await readBody(req, MAX_BODY_BYTES).catch((error: unknown) => {
      throw error instanceof BodyError
        ? new GatewayError(error.status, error.status === 413 ? 'Request Entity Too Large' : 'Bad Request')
        : error;
    });
    const verdict = await authorize(route, req);
    if (verdict && !verdict.ok) {
      send(req, res, {
        ...message(401, 'Unauthorized'),
        headers: { 'content-type': 'application/json', 'www-authenticate': verdict.wwwAuthenticate },
      });
      return;
    }
    const authorizer = verdict ? { jwt: { claims: verdict.claims, scopes: verdict.scopes } } : {};
    const answer = await limiterFor(route).run(() => sendUpstream(opts, req, body, authorizer));
    const failure = invocationFailure(answer.status, answer.body);
    if (failure) {
      log({ msg: 'invocation failed', function: route.functionKey, failure, status: answer.status });
      send(
        req,
        res,
        failure === 'timeout' ? message(503, 'Service Unavailable') : message(500, 'Internal Server Error'),
      );
      return;
    }
    send(req, res, answer);
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      const e = error instanceof GatewayError ? error : new GatewayError(500, 'Internal Server Error');
      if (!(error instanceof GatewayError)) log({ msg: 'front error', error: String(error) });
      if (res.headersSent) {
        res.destroy();
        return;
      }
      send(req, res, message(e.status, e.message));
    });
  };
}
