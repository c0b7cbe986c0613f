import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyError, readBody } from '../http-body';
import { type CachedResponse, DEFAULT_ERROR_CACHING_TTL, EdgeCache, edgeTtl } from './cache';
import { type Behavior, behaviorFor, type Distribution } from './distribution';
import {
  type EdgeRequest,
  fetchFromOrigin,
  type OriginEndpoints,
  type OriginResponse,
  selects,
} from './origin-request';
import {
  applyResponseHeadersPolicy,
  compressFor,
  type Encoding,
  edgeErrorPage,
  type Headers,
  responseHeaders,
  viewerEncoding,
} from './response';
import { queryPairs, ViewerFunctions } from './viewer-functions';

export interface EdgeStats {
  requests: number;
  hits: number;
  refreshHits: number;
  misses: number;
  /** Requests the edge sent to each origin (API requests are Lambda invocations). */
  originRequests: Record<string, number>;
}

export interface Edge {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  invalidate(paths: string[]): number;
  stats(): EdgeStats;
}

/** What one request needs of the edge: its distribution, origins, cache, counters and functions. */
interface EdgeContext {
  distribution: Distribution;
  endpoints: OriginEndpoints;
  cache: EdgeCache;
  stats: EdgeStats;
  functions: ViewerFunctions;
}

/** A response on its way to the viewer; `encoded` memoises its compressed bodies (cache entries). */
interface Answer {
  status: number;
  headers: Headers;
  body: Buffer;
  encoded?: Map<string, Buffer>;
}

const MAX_BODY = 10 * 1024 * 1024;

/**
 * The local CloudFront: one listener that serves a distribution as CloudFront does — behaviours by
 * path pattern, the viewer-request/-response CloudFront Functions executed, one cache with the
 * policies' keys and TTLs, origin requests limited to what the policies forward, OAC-signed S3
 * origins, response headers policies, compression and `X-Cache`.
 */
export function createEdge(opts: {
  distribution: Distribution;
  endpoints: OriginEndpoints;
  host: string;
}): Edge {
  const ctx: EdgeContext = {
    distribution: opts.distribution,
    endpoints: opts.endpoints,
    cache: new EdgeCache(),
    stats: { requests: 0, hits: 0, refreshHits: 0, misses: 0, originRequests: {} },
    functions: new ViewerFunctions(opts.distribution, opts.host),
  };
  return {
    handler: (raw, res) => {
      handle(ctx, raw, res).catch((error: unknown) => failed(res, error));
    },
    invalidate: (paths) => ctx.cache.invalidate(paths),
    stats: () => structuredClone(ctx.stats),
  };
}

/** The stages: behaviour → method check → body → viewer-request function → cache or origin. */
async function handle(ctx: EdgeContext, raw: IncomingMessage, res: ServerResponse): Promise<void> {
  ctx.stats.requests++;
  const viewerReq = viewerRequest(raw);
  const behavior = behaviorFor(ctx.distribution, viewerReq.uri);
  if (!behavior.allowedMethods.includes(viewerReq.method)) return refuseMethod(raw, res);
  if (viewerReq.method !== 'GET' && viewerReq.method !== 'HEAD')
    viewerReq.body = await readBody(raw, MAX_BODY);

  const rewritten = await ctx.functions.request(behavior, viewerReq);
  if (!('uri' in rewritten)) {
    rewritten.headers['x-cache'] = 'FunctionGeneratedResponse from cloudfront';
    return respond(ctx, res, viewerReq, behavior, rewritten);
  }
  const req = withDefaultRootObject(ctx.distribution, rewritten);
  const cacheable = behavior.cachedMethods.includes(req.method);
  const key = cacheKey(behavior, req, encodingFor(req, behavior));
  const cached = cacheable ? ctx.cache.get(key) : undefined;
  const now = Date.now();
  if (cached && cached.expiresAt > now) {
    ctx.stats.hits++;
    return fromCache(ctx, res, req, behavior, cached, 'Hit from cloudfront', now);
  }
  return fromOrigin(ctx, res, req, behavior, { key, cacheable, cached, now });
}

/** The viewer's request as the edge keeps it (headers joined, cookies parsed, query split). */
function viewerRequest(raw: IncomingMessage): EdgeRequest {
  const url = raw.url ?? '/';
  const q = url.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw.headersDistinct)) {
    if (value) headers[name] = value.join(name === 'cookie' ? '; ' : ',');
  }
  return {
    method: raw.method ?? 'GET',
    uri: q < 0 ? url : url.slice(0, q),
    query: queryPairs(q < 0 ? '' : url.slice(q + 1)),
    headers,
    cookies: parseCookies(headers.cookie),
    viewerIp: raw.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
  };
}

function parseCookies(header: string | undefined): [string, string][] {
  if (!header) return [];
  return header
    .split(';')
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) => {
      const eq = c.indexOf('=');
      return eq < 0 ? [c, ''] : [c.slice(0, eq), c.slice(eq + 1)];
    });
}

function refuseMethod(raw: IncomingMessage, res: ServerResponse): void {
  const page = edgeErrorPage(
    403,
    'The request could not be satisfied.',
    'This distribution is not configured to allow the HTTP request method that was used for this request.',
  );
  res.writeHead(403, page.headers).end(page.body);
  raw.resume();
}

function withDefaultRootObject(distribution: Distribution, req: EdgeRequest): EdgeRequest {
  return req.uri === '/' && distribution.defaultRootObject
    ? { ...req, uri: `/${distribution.defaultRootObject}` }
    : req;
}

function encodingFor(req: EdgeRequest, behavior: Behavior): Encoding {
  return viewerEncoding(
    req.headers['accept-encoding'],
    behavior.cachePolicy.gzip,
    behavior.cachePolicy.brotli,
  );
}

/** The cache key: method class, URI, and the query strings, headers and cookies the policy names. */
function cacheKey(behavior: Behavior, req: EdgeRequest, encoding: string): string {
  const cp = behavior.cachePolicy;
  const pairs = (list: [string, string][], selection: typeof cp.cookies, sep: string) =>
    list
      .filter(([n]) => selects(selection, n))
      .map(([n, v]) => `${n}=${v}`)
      .join(sep);
  const parts = [
    req.method === 'OPTIONS' ? 'OPTIONS' : 'GET',
    req.uri,
    pairs(req.query, cp.queryStrings, '&'),
  ];
  for (const [name, value] of Object.entries(req.headers).sort()) {
    if (selects(cp.headers, name)) parts.push(`${name}:${value}`);
  }
  parts.push(pairs(req.cookies, cp.cookies, ';'));
  if (cp.gzip || cp.brotli) parts.push(encoding);
  return parts.join('\n');
}

/** A cache miss (or an expired entry to revalidate): ask the origin, store what may be stored. */
async function fromOrigin(
  ctx: EdgeContext,
  res: ServerResponse,
  req: EdgeRequest,
  behavior: Behavior,
  lookup: { key: string; cacheable: boolean; cached?: CachedResponse; now: number },
): Promise<void> {
  const { key, cacheable, cached, now } = lookup;
  const response = await originResponse(ctx, req, behavior, cached);
  const headers = responseHeaders(response.headers);
  const ttl = edgeTtl(
    behavior.cachePolicy,
    response.status,
    {
      cacheControl: headers['cache-control'] as string,
      expires: headers.expires as string,
      date: headers.date as string,
    },
    ctx.distribution.errorCachingMinTtl[response.status] ?? DEFAULT_ERROR_CACHING_TTL,
  );
  if (cached && response.status === 304) {
    ctx.stats.refreshHits++;
    cached.expiresAt = now + Math.max(ttl, 0) * 1000;
    cached.storedAt = now;
    return fromCache(ctx, res, req, behavior, cached, 'RefreshHit from cloudfront', now);
  }
  ctx.stats.misses++;
  const answer: Answer = { status: response.status, headers, body: response.body };
  // A HEAD answer has no body to keep: HEAD is served from GET's entry, never stored itself.
  if (cacheable && ttl > 0 && response.status !== 304 && req.method !== 'HEAD') {
    answer.encoded = new Map();
    ctx.cache.set(key, req.uri, {
      status: response.status,
      headers: { ...headers },
      body: response.body,
      storedAt: now,
      expiresAt: now + ttl * 1000,
      encoded: answer.encoded,
    });
  } else if (cached) ctx.cache.delete(key);
  headers['x-cache'] = response.status >= 400 ? 'Error from cloudfront' : 'Miss from cloudfront';
  return respond(ctx, res, req, behavior, answer);
}

function originResponse(
  ctx: EdgeContext,
  req: EdgeRequest,
  behavior: Behavior,
  cached: CachedResponse | undefined,
): Promise<OriginResponse> {
  const origin = ctx.distribution.origins[behavior.originId];
  if (!origin) throw new Error(`no origin ${behavior.originId}`);
  ctx.stats.originRequests[origin.id] = (ctx.stats.originRequests[origin.id] ?? 0) + 1;
  const validator = cached?.headers.etag;
  const conditional: Record<string, string> =
    cached && typeof validator === 'string' ? { 'if-none-match': validator } : {};
  return fetchFromOrigin(ctx.endpoints, origin, behavior, req, conditional);
}

/** A stored entry to the viewer: 304 when the viewer's `If-None-Match` names its ETag. */
function fromCache(
  ctx: EdgeContext,
  res: ServerResponse,
  req: EdgeRequest,
  behavior: Behavior,
  entry: CachedResponse,
  xCache: string,
  now: number,
): Promise<void> {
  const headers: Headers = {
    ...entry.headers,
    'x-cache': xCache,
    age: String(Math.floor((now - entry.storedAt) / 1000)),
  };
  const inm = req.headers['if-none-match'];
  const etag = entry.headers.etag;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  if (
    inm &&
    typeof etag === 'string' &&
    entry.status === 200 &&
    inm.split(',').some((t) => strip(t) === strip(etag))
  ) {
    for (const name of ['content-length', 'content-type', 'content-encoding']) delete headers[name];
    const notModified = { status: 304, headers, body: Buffer.alloc(0) };
    return respond(ctx, res, { ...req, method: 'HEAD' }, { ...behavior, compress: false }, notModified);
  }
  return respond(ctx, res, req, behavior, {
    status: entry.status,
    headers,
    body: entry.body,
    encoded: entry.encoded,
  });
}

/** The last stages: compression, CloudFront's headers, the response headers policy, viewer-response. */
async function respond(
  ctx: EdgeContext,
  res: ServerResponse,
  req: EdgeRequest,
  behavior: Behavior,
  answer: Answer,
): Promise<void> {
  const { headers } = answer;
  const body = behavior.compress
    ? compressFor(encodingFor(req, behavior), answer.status, headers, answer.body, answer.encoded)
    : answer.body;
  headers.via = ctx.endpoints.via;
  headers['x-amz-cf-pop'] = 'LOCAL1-P1';
  headers['x-amz-cf-id'] = randomBytes(24).toString('base64url');
  applyResponseHeadersPolicy(headers, behavior.responseHeadersPolicy);
  const status = await ctx.functions.response(behavior, req, answer.status, headers);
  // A HEAD answer keeps the length of the body it stands for.
  if (req.method !== 'HEAD' || headers['content-length'] === undefined)
    headers['content-length'] = String(body.length);
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** A request the edge could not finish: a body it will not read, or an origin it could not reach. */
function failed(res: ServerResponse, error: unknown): void {
  const [status, detail] =
    error instanceof BodyError
      ? [error.status, error.message]
      : [502, `The local edge could not reach the origin: ${String(error)}`];
  const page = edgeErrorPage(status, 'The request could not be satisfied.', detail);
  if (!res.headersSent) res.writeHead(status, page.headers).end(page.body);
  else res.destroy();
}
