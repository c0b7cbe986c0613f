import { PayloadTooLargeError, UnauthorizedError, ValidationError } from '@app/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { type AuthContext, bearerToken, callerFromClaims, type TokenClaims } from './auth';
import { httpConfig } from './config';
import { mapError } from './error-mapper';
import { etagOf, ifNoneMatchMatches } from './etag';
import { lambdaHandler } from './lambda-handler';
import { logger } from './logger';
import type { TokenVerifier } from './token-verifier';

export type AuthMode = 'required' | 'optional' | 'none';

export interface ApiRequest<A> {
  /** Parsed JSON body (`undefined` when there is none). */
  body: unknown;
  auth: A;
  pathParameters: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  requestId: string;
}

export interface ApiResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Adds a strong ETag computed from the body and answers a matching If-None-Match with 304. */
  etag?: boolean;
}

/**
 * `required`: the route has the `cognito` JWT authorizer in serverless.yml; API Gateway verified the
 * token and the caller comes from its claims. `optional`: no authorizer (it would refuse anonymous
 * callers), so a token that is sent is verified here with `verifyToken`. `none`: no caller.
 */
type AuthOptions<M extends AuthMode> = M extends 'optional'
  ? { auth: M; verifyToken: TokenVerifier }
  : { auth: M; verifyToken?: never };

export type HandlerOptions<M extends AuthMode> = AuthOptions<M> & {
  /** Largest accepted body in bytes (default 64 KiB). Larger → 413. */
  maxBodyBytes?: number;
};

type AuthFor<M extends AuthMode> = M extends 'required'
  ? AuthContext
  : M extends 'optional'
    ? AuthContext | undefined
    : undefined;

export type ApiFunction<M extends AuthMode> = (request: ApiRequest<AuthFor<M>>) => Promise<ApiResult>;

/** The claims API Gateway's JWT authorizer put on the event (absent on routes without one). */
function authorizerClaims(event: APIGatewayProxyEventV2): TokenClaims | undefined {
  const context = event.requestContext as { authorizer?: { jwt?: { claims?: TokenClaims } } } | undefined;
  return context?.authorizer?.jwt?.claims ?? undefined;
}

async function authenticate(
  options: AuthOptions<AuthMode>,
  event: APIGatewayProxyEventV2,
  header: string | undefined,
): Promise<AuthContext | undefined> {
  if (options.auth === 'none') return undefined;
  const token = bearerToken(header);
  if (options.auth === 'required') {
    // No claims: the route is missing its authorizer in serverless.yml. Refuse rather than trust.
    const claims = authorizerClaims(event);
    if (!token || !claims)
      throw new UnauthorizedError('Sign in required: missing Authorization bearer token');
    return callerFromClaims(claims, token, httpConfig().userPoolClientId);
  }
  // On optional routes a bad token is still an error: silently treating it as anonymous hides bugs.
  return token ? options.verifyToken(token) : undefined;
}

/**
 * API Gateway always hands the body over as a string. serverless-offline 14 does not for a falsy
 * JSON document (`false`, `0`): it passes the parsed value, which used to crash into a 500. Any
 * non-string is turned back into its JSON text, so every caller gets the same 400 from validation.
 */
function rawBody(event: APIGatewayProxyEventV2): string | undefined {
  const body: unknown = event.body;
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body !== 'string') return JSON.stringify(body);
  return event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}

function parseBody(event: APIGatewayProxyEventV2, maxBytes: number): unknown {
  const raw = rawBody(event);
  if (raw === undefined) return undefined;
  if (Buffer.byteLength(raw, 'utf8') > maxBytes) {
    throw new PayloadTooLargeError(`Request body is larger than ${maxBytes} bytes`);
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw new ValidationError('Request body is not valid JSON', { code: 'invalid_json' });
  }
}

function lowerCaseHeaders(headers: APIGatewayProxyEventV2['headers'] | undefined) {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

/**
 * Wraps a bare API function into an API Gateway (HTTP API, payload v2) handler: auth, JSON body
 * with a size limit, ETag/304, structured logs, and the one error mapper. CORS is API Gateway's job
 * (provider.httpApi.cors; serverless-offline applies the same config), errors included. The bare function stays exported beside it so tests can call it directly.
 */
export function httpHandler<M extends AuthMode>(fn: ApiFunction<M>, options: HandlerOptions<M>) {
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  return lambdaHandler(
    async (event: APIGatewayProxyEventV2, context?: Context): Promise<APIGatewayProxyStructuredResultV2> => {
      const headers = lowerCaseHeaders(event.headers);
      const requestId = context?.awsRequestId ?? event.requestContext?.requestId ?? 'local';
      const started = Date.now();
      const route = `${event.requestContext?.http?.method ?? '?'} ${event.rawPath ?? ''}`;
      logger.appendKeys({ requestId, route });
      let userId: string | undefined;
      try {
        const auth = await authenticate(options, event, headers.authorization);
        userId = auth?.userId;
        if (userId) logger.appendKeys({ userId });
        const body = parseBody(event, maxBodyBytes);
        const result = await fn({
          body,
          auth: auth as AuthFor<M>,
          pathParameters: event.pathParameters ?? {},
          query: event.queryStringParameters ?? {},
          headers,
          requestId,
        });
        const response = toResponse(result, headers);
        logger.info('request', { status: response.statusCode, ms: Date.now() - started });
        return response;
      } catch (error) {
        const mapped = mapError(error);
        if (mapped.expected) {
          logger.info('request rejected', {
            status: mapped.status,
            code: mapped.body.error.code,
            ms: Date.now() - started,
          });
        } else {
          logger.error('request failed', { error, ms: Date.now() - started });
        }
        return {
          statusCode: mapped.status,
          headers: { 'content-type': 'application/json', ...SECURITY_HEADERS },
          body: JSON.stringify(mapped.body),
        };
      }
    },
  );
}

/**
 * On every response, success or error: bodies echo user text (post bodies, names) verbatim, so a
 * browser must never sniff a JSON response into HTML.
 */
const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff' } as const;

function toResponse(result: ApiResult, requestHeaders: Record<string, string | undefined>) {
  const headers: Record<string, string> = { ...result.headers, ...SECURITY_HEADERS };
  if (result.body === undefined) return { statusCode: result.status, headers };
  const serialized = JSON.stringify(result.body);
  headers['content-type'] = 'application/json';
  if (result.etag) {
    const etag = etagOf(serialized);
    headers.etag = etag;
    if (ifNoneMatchMatches(requestHeaders['if-none-match'], etag)) {
      return { statusCode: 304, headers };
    }
  }
  return { statusCode: result.status, headers, body: serialized };
}
