import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CachedResponse, DEFAULT_ERROR_CACHING_TTL, EdgeCache, edgeTtl } from './cache';
import {
  CloudFrontFunction,
  type FunctionRequest,
  type FunctionResponse,
  type FunctionValues,
  fromFunctionQuery,
  isFunctionResponse,
  toFunctionQuery,
} from './cloudfront-function';
import { type Behavior, behaviorFor, type Distribution } from './distribution';
import { type EdgeRequest, fetchFromOrigin, type OriginEndpoints, selects } from './origin-request';
import {
  applyResponseHeadersPolicy,
  compressFor,
  edgeErrorPage,
  type Headers,
  responseHeaders,
  viewerEncoding,
} from './response';

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

const MAX_BODY = 10 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function toFunctionValues(headers: Record<string, string>): FunctionValues {
  return Object.fromEntries(Object.entries(headers).map(([n, v]) => [n, { value: v }]));
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
  const { distribution, endpoints } = opts;
  const cache = new EdgeCache();
  const stats: EdgeStats = { requests: 0, hits: 0, refreshHits: 0, misses: 0, originRequests: {} };
  const functions = new Map<string, CloudFrontFunction>();
  const fn = (code: Behavior['viewerRequest']) => {
    if (!code) return undefined;
    let compiled = functions.get(code.name);
    if (!compiled) {
      compiled = new CloudFrontFunction(code);
      functions.set(code.name, compiled);
    }
    return compiled;
  };
  const eventContext = (eventType: string) => ({
    distributionDomainName: opts.host,
    distributionId: distribution.id,
    eventType,
    requestId: randomBytes(24).toString('base64url'),
  });

  function cacheKey(behavior: Behavior, req: EdgeRequest, encoding: string): string {
    const cp = behavior.cachePolicy;
    const parts = [req.method === 'OPTIONS' ? 'OPTIONS' : 'GET', req.uri];
    parts.push(
      req.query
        .filter(([n]) => selects(cp.queryStrings, n))
        .map(([n, v]) => `${n}=${v}`)
        .join('&'),
    );
    for (const [name, value] of Object.entries(req.headers).sort()) {
      if (selects(cp.headers, name)) parts.push(`${name}:${value}`);
    }
    parts.push(
      req.cookies
        .filter(([n]) => selects(cp.cookies, n))
        .map(([n, v]) => `${n}=${v}`)
        .join(';'),
    );
    if (cp.gzip || cp.brotli) parts.push(encoding);
    return parts.join('\n');
  }

  async function send(
    res: ServerResponse,
    req: EdgeRequest,
    behavior: Behavior,
    status: number,
    headers: Headers,
    body: Buffer,
    memo?: Map<string, Buffer>,
  ): Promise<void> {
    const encoding = viewerEncoding(
      req.headers['accept-encoding'],
      behavior.cachePolicy.gzip,
      behavior.cachePolicy.brotli,
    );
    const out = behavior.compress ? compressFor(encoding, status, headers, body, memo) : body;
    headers.via = endpoints.via;
    headers['x-amz-cf-pop'] = 'LOCAL1-P1';
    headers['x-amz-cf-id'] = randomBytes(24).toString('base64url');
    applyResponseHeadersPolicy(headers, behavior.responseHeadersPolicy);
    let finalStatus = status;
    // CloudFront runs no viewer-response function on a status of 400 or more.
    const viewerResponse = status < 400 ? fn(behavior.viewerResponse) : undefined;
    if (viewerResponse) {
      const single = Object.fromEntries(
        Object.entries(headers).map(([n, v]) => [n, Array.isArray(v) ? v.join(', ') : v]),
      );
      const result = (await viewerResponse.run({
        version: '1.0',
        context: eventContext('viewer-response'),
        viewer: { ip: req.viewerIp },
        request: functionRequest(req),
        response: { statusCode: status, headers: toFunctionValues(single) },
      })) as FunctionResponse;
      finalStatus = result.statusCode ?? status;
      for (const name of Object.keys(headers)) if (!result.headers?.[name]) delete headers[name];
      for (const [name, v] of Object.entries(result.headers ?? {})) headers[name] = v.value;
    }
    // A HEAD answer keeps the length of the body it stands for.
    if (req.method !== 'HEAD' || headers['content-length'] === undefined)
      headers['content-length'] = String(out.length);
    res.writeHead(finalStatus, headers);
    res.end(req.method === 'HEAD' ? undefined : out);
  }

  function functionRequest(req: EdgeRequest): FunctionRequest {
    const cookies: FunctionValues = Object.fromEntries(req.cookies.map(([n, v]) => [n, { value: v }]));
    return {
      method: req.method,
      uri: req.uri,
      querystring: toFunctionQuery(
        req.query
          .map(([n, v]) => (v === '' ? encodeURIComponent(n) : `${encodeURIComponent(n)}=${v}`))
          .join('&'),
      ),
      headers: toFunctionValues(
        Object.fromEntries(Object.entries(req.headers).filter(([n]) => n !== 'cookie')),
      ),
      cookies,
    };
  }

  async function handle(raw: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests++;
    const url = raw.url ?? '/';
    const q = url.indexOf('?');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw.headersDistinct)) {
      if (value) headers[name] = value.join(name === 'cookie' ? '; ' : ',');
    }
    let req: EdgeRequest = {
      method: raw.method ?? 'GET',
      uri: q < 0 ? url : url.slice(0, q),
      query: [],
      headers,
      cookies: parseCookies(headers.cookie),
      viewerIp: raw.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
    };
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    req.query = Object.entries(toFunctionQuery(rawQuery)).flatMap(([n, v]) =>
      (v.multiValue?.length ? v.multiValue : [v]).map((m): [string, string] => [n, m.value]),
    );
    const behavior = behaviorFor(distribution, req.uri);
    if (!behavior.allowedMethods.includes(req.method)) {
      const page = edgeErrorPage(
        403,
        'The request could not be satisfied.',
        'This distribution is not configured to allow the HTTP request method that was used for this request.',
      );
      res.writeHead(403, page.headers).end(page.body);
      raw.resume();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') req.body = await readBody(raw);

    const viewerRequest = fn(behavior.viewerRequest);
    if (viewerRequest) {
      const result = await viewerRequest.run({
        version: '1.0',
        context: eventContext('viewer-request'),
        viewer: { ip: req.viewerIp },
        request: functionRequest(req),
      });
      if (isFunctionResponse(result)) {
        const h: Headers = Object.fromEntries(
          Object.entries(result.headers ?? {}).map(([n, v]) => [n, v.value]),
        );
        const body =
          typeof result.body === 'string'
            ? Buffer.from(result.body)
            : result.body
              ? Buffer.from(result.body.data, result.body.encoding === 'base64' ? 'base64' : 'utf8')
              : Buffer.alloc(0);
        h['x-cache'] = 'FunctionGeneratedResponse from cloudfront';
        await send(res, req, behavior, result.statusCode, h, body);
        return;
      }
      const fnHeaders = Object.fromEntries(
        Object.entries(result.headers ?? {}).map(([n, v]) => [n.toLowerCase(), v.value]),
      );
      req = {
        ...req,
        uri: result.uri,
        query: Object.entries(toFunctionQuery(fromFunctionQuery(result.querystring ?? {}))).flatMap(
          ([n, v]) => (v.multiValue?.length ? v.multiValue : [v]).map((m): [string, string] => [n, m.value]),
        ),
        headers: fnHeaders,
        cookies: Object.entries(result.cookies ?? {}).map(([n, v]) => [n, v.value]),
      };
    }
    if (req.uri === '/' && distribution.defaultRootObject) req.uri = `/${distribution.defaultRootObject}`;

    const origin = distribution.origins[behavior.originId];
    if (!origin) throw new Error(`no origin ${behavior.originId}`);
    const cacheable = behavior.cachedMethods.includes(req.method);
    const encoding = viewerEncoding(
      req.headers['accept-encoding'],
      behavior.cachePolicy.gzip,
      behavior.cachePolicy.brotli,
    );
    const key = cacheKey(behavior, req, encoding);
    const cached = cacheable ? cache.get(key) : undefined;
    const now = Date.now();

    if (cached && cached.expiresAt > now) {
      stats.hits++;
      await fromCache(res, req, behavior, cached, 'Hit from cloudfront', now);
      return;
    }

    const validator = cached?.headers.etag;
    stats.originRequests[origin.id] = (stats.originRequests[origin.id] ?? 0) + 1;
    const response = await fetchFromOrigin(
      endpoints,
      origin,
      behavior,
      req,
      cached && typeof validator === 'string' ? { 'if-none-match': validator } : {},
    );
    const h = responseHeaders(response.headers);
    const ttl = edgeTtl(
      behavior.cachePolicy,
      response.status,
      { cacheControl: h['cache-control'] as string, expires: h.expires as string, date: h.date as string },
      distribution.errorCachingMinTtl[response.status] ?? DEFAULT_ERROR_CACHING_TTL,
    );
    if (cached && response.status === 304) {
      stats.refreshHits++;
      cached.expiresAt = now + Math.max(ttl, 0) * 1000;
      cached.storedAt = now;
      await fromCache(res, req, behavior, cached, 'RefreshHit from cloudfront', now);
      return;
    }
    stats.misses++;
    // A HEAD answer has no body to keep: HEAD is served from GET's entry, never stored itself.
    if (cacheable && ttl > 0 && response.status !== 304 && req.method !== 'HEAD') {
      const entry: CachedResponse = {
        status: response.status,
        headers: { ...h },
        body: response.body,
        storedAt: now,
        expiresAt: now + ttl * 1000,
        encoded: new Map(),
      };
      cache.set(key, req.uri, entry);
      h['x-cache'] = response.status >= 400 ? 'Error from cloudfront' : 'Miss from cloudfront';
      await send(res, req, behavior, response.status, h, response.body, entry.encoded);
      return;
    }
    if (cached) cache.delete(key);
    h['x-cache'] = response.status >= 400 ? 'Error from cloudfront' : 'Miss from cloudfront';
    await send(res, req, behavior, response.status, h, response.body);
  }

  async function fromCache(
    res: ServerResponse,
    req: EdgeRequest,
    behavior: Behavior,
    entry: CachedResponse,
    xCache: string,
    now: number,
  ) {
    const h: Headers = {
      ...entry.headers,
      'x-cache': xCache,
      age: String(Math.floor((now - entry.storedAt) / 1000)),
    };
    const inm = req.headers['if-none-match'];
    const etag = entry.headers.etag;
    if (
      inm &&
      typeof etag === 'string' &&
      entry.status === 200 &&
      inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag.replace(/^W\//, ''))
    ) {
      for (const name of ['content-length', 'content-type', 'content-encoding']) delete h[name];
      await send(res, { ...req, method: 'HEAD' }, { ...behavior, compress: false }, 304, h, Buffer.alloc(0));
      return;
    }
    await send(res, req, behavior, entry.status, h, entry.body, entry.encoded);
  }

  return {
    handler: (req, res) => {
      handle(req, res).catch((error: unknown) => {
        const page = edgeErrorPage(
          502,
          'The request could not be satisfied.',
          `The local edge could not reach the origin: ${String(error)}`,
        );
        if (!res.headersSent) res.writeHead(502, page.headers).end(page.body);
        else res.destroy();
      });
    },
    invalidate: (paths) => cache.invalidate(paths),
    stats: () => structuredClone(stats),
  };
}
