import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** `provider.httpApi.cors` of serverless.yml, as the deployed HTTP API applies it. */
export interface HttpApiCors {
  allowedOrigins: string[];
  allowedHeaders: string[];
  allowedMethods: string[];
  exposedResponseHeaders: string[];
  maxAge?: number;
  allowCredentials?: boolean;
}

export function corsFromConfig(httpApi: unknown): HttpApiCors | undefined {
  const cors = (httpApi as { cors?: unknown } | undefined)?.cors;
  if (!cors || typeof cors !== 'object') return undefined;
  const c = cors as Record<string, unknown>;
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  return {
    allowedOrigins: list(c.allowedOrigins),
    allowedHeaders: list(c.allowedHeaders),
    allowedMethods: list(c.allowedMethods),
    exposedResponseHeaders: list(c.exposedResponseHeaders),
    maxAge: typeof c.maxAge === 'number' ? c.maxAge : undefined,
    allowCredentials: c.allowCredentials === true,
  };
}

function allowedOrigin(cors: HttpApiCors | undefined, origin: string | undefined): string | undefined {
  if (!cors || origin === undefined) return undefined;
  if (cors.allowedOrigins.includes('*')) return '*';
  return cors.allowedOrigins.includes(origin) ? origin : undefined;
}

export const isPreflight = (method: string, headers: IncomingHttpHeaders) =>
  method === 'OPTIONS' &&
  headers.origin !== undefined &&
  headers['access-control-request-method'] !== undefined;

/** The HTTP API answers preflights itself (204); only an allowed origin gets the CORS headers. */
export function preflightHeaders(
  cors: HttpApiCors | undefined,
  headers: IncomingHttpHeaders,
): OutgoingHttpHeaders {
  const origin = allowedOrigin(cors, headers.origin);
  if (!cors || !origin) return {};
  const out: OutgoingHttpHeaders = {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': cors.allowedMethods.join(','),
    'access-control-allow-headers': cors.allowedHeaders.join(',').toLowerCase(),
  };
  if (cors.maxAge !== undefined) out['access-control-max-age'] = String(cors.maxAge);
  if (cors.allowCredentials) out['access-control-allow-credentials'] = 'true';
  return out;
}

/**
 * On every other response the HTTP API ignores CORS headers from the integration and adds its
 * own, for an allowed origin only (success and error alike).
 */
export function applyResponseCors(
  cors: HttpApiCors | undefined,
  requestHeaders: IncomingHttpHeaders,
  responseHeaders: OutgoingHttpHeaders,
): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(responseHeaders)) {
    if (!name.toLowerCase().startsWith('access-control-')) out[name] = value;
  }
  const origin = allowedOrigin(cors, requestHeaders.origin);
  if (!cors || !origin) return out;
  out['access-control-allow-origin'] = origin;
  if (cors.exposedResponseHeaders.length > 0)
    out['access-control-expose-headers'] = cors.exposedResponseHeaders.join(',');
  if (cors.allowCredentials) out['access-control-allow-credentials'] = 'true';
  return out;
}
