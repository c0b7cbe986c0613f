import { randomBytes } from 'node:crypto';
import {
  CloudFrontFunction,
  type FunctionEvent,
  type FunctionRequest,
  type FunctionResponse,
  type FunctionValues,
  fromFunctionQuery,
  isFunctionResponse,
  toFunctionQuery,
} from './cloudfront-function';
import type { Behavior, Distribution, FunctionCode } from './distribution';
import type { EdgeRequest } from './origin-request';
import type { Headers } from './response';

/** A response a viewer-request function answered with: the edge sends it without the cache or origin. */
export interface GeneratedResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

function toFunctionValues(headers: Record<string, string>): FunctionValues {
  return Object.fromEntries(Object.entries(headers).map(([n, v]) => [n, { value: v }]));
}

/** `?a=1&a=2` as the edge keeps it: decoded-name → raw value pairs, repeated names kept. */
export function queryPairs(rawQuery: string): [string, string][] {
  return Object.entries(toFunctionQuery(rawQuery)).flatMap(([n, v]) =>
    (v.multiValue?.length ? v.multiValue : [v]).map((m): [string, string] => [n, m.value]),
  );
}

/** The event's `request`: the viewer's request as CloudFront Functions see it (cookies apart). */
function functionRequest(req: EdgeRequest): FunctionRequest {
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
    cookies: Object.fromEntries(req.cookies.map(([n, v]) => [n, { value: v }])),
  };
}

function generatedResponse(result: FunctionResponse): GeneratedResponse {
  const headers: Headers = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([n, v]) => [n, v.value]),
  );
  const body =
    typeof result.body === 'string'
      ? Buffer.from(result.body)
      : result.body
        ? Buffer.from(result.body.data, result.body.encoding === 'base64' ? 'base64' : 'utf8')
        : Buffer.alloc(0);
  return { status: result.statusCode, headers, body };
}

function rewrittenRequest(req: EdgeRequest, result: FunctionRequest): EdgeRequest {
  return {
    ...req,
    uri: result.uri,
    query: queryPairs(fromFunctionQuery(result.querystring ?? {})),
    headers: Object.fromEntries(
      Object.entries(result.headers ?? {}).map(([n, v]) => [n.toLowerCase(), v.value]),
    ),
    cookies: Object.entries(result.cookies ?? {}).map(([n, v]) => [n, v.value]),
  };
}

/**
 * The behaviours' CloudFront Functions, each compiled once from the template's code and called with
 * CloudFront's event object at the viewer-request and viewer-response events.
 */
export class ViewerFunctions {
  private readonly compiled = new Map<string, CloudFrontFunction>();

  constructor(
    private readonly distribution: Distribution,
    private readonly host: string,
  ) {}

  /** viewer-request: the request as the function returns it, or the response it answers with. */
  async request(behavior: Behavior, req: EdgeRequest): Promise<EdgeRequest | GeneratedResponse> {
    const fn = this.function(behavior.viewerRequest);
    if (!fn) return req;
    const result = await fn.run(this.event('viewer-request', req));
    return isFunctionResponse(result) ? generatedResponse(result) : rewrittenRequest(req, result);
  }

  /**
   * viewer-response: returns the status the viewer gets and applies the function's headers to
   * `headers`. CloudFront runs no viewer-response function on a status of 400 or more.
   */
  async response(behavior: Behavior, req: EdgeRequest, status: number, headers: Headers): Promise<number> {
    const fn = status < 400 ? this.function(behavior.viewerResponse) : undefined;
    if (!fn) return status;
    const single = Object.fromEntries(
      Object.entries(headers).map(([n, v]) => [n, Array.isArray(v) ? v.join(', ') : v]),
    );
    const result = (await fn.run({
      ...this.event('viewer-response', req),
      response: { statusCode: status, headers: toFunctionValues(single) },
    })) as FunctionResponse;
    for (const name of Object.keys(headers)) if (!result.headers?.[name]) delete headers[name];
    for (const [name, v] of Object.entries(result.headers ?? {})) headers[name] = v.value;
    return result.statusCode ?? status;
  }

  private function(code: FunctionCode | undefined): CloudFrontFunction | undefined {
    if (!code) return undefined;
    let fn = this.compiled.get(code.name);
    if (!fn) {
      fn = new CloudFrontFunction(code);
      this.compiled.set(code.name, fn);
    }
    return fn;
  }

  private event(eventType: string, req: EdgeRequest): FunctionEvent {
    return {
      version: '1.0',
      context: {
        distributionDomainName: this.host,
        distributionId: this.distribution.id,
        eventType,
        requestId: randomBytes(24).toString('base64url'),
      },
      viewer: { ip: req.viewerIp },
      request: functionRequest(req),
    };
  }
}
