import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyError, readBody } from '../http-body';

/** The Cognito Identity wire format (AWS JSON 1.1): target header, JSON input, modelled errors, CORS. */

export type ErrorCode =
  | 'NotAuthorizedException'
  | 'ResourceNotFoundException'
  | 'InvalidParameterException'
  | 'SerializationException'
  | 'UnknownOperationException'
  | 'InternalErrorException';

/** A modelled Cognito Identity error: serialized as `{"__type": code, "message": …}`. */
export class IdentityServiceError extends Error {
  override readonly name = 'IdentityServiceError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export type Input = Record<string, unknown>;

const TARGET_PREFIX = 'AWSCognitoIdentityService.';
const MAX_BODY_BYTES = 64 * 1024;

/** The entry of `operations` named by `X-Amz-Target`, or an `UnknownOperationException`. */
export function targetOperation<T>(req: IncomingMessage, operations: Record<string, T>): T {
  if (req.method !== 'POST') {
    throw new IdentityServiceError('UnknownOperationException', 'Only POST is supported.', 404);
  }
  const target = String(req.headers['x-amz-target'] ?? '');
  const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
  if (operation === undefined) {
    throw new IdentityServiceError('UnknownOperationException', `Unknown operation ${target}`);
  }
  return operation;
}

/** The request's JSON object, or a `SerializationException`. */
export async function readInput(req: IncomingMessage): Promise<Input> {
  const body = await readBody(req, MAX_BODY_BYTES).catch((error: unknown) => {
    if (error instanceof BodyError && error.status === 413) {
      throw new IdentityServiceError('InvalidParameterException', 'Request body too large.', 413);
    }
    throw new IdentityServiceError('SerializationException', 'Request body could not be read.');
  });
  try {
    const parsed: unknown = JSON.parse(body.length === 0 ? '{}' : body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Input;
  } catch {
    // answered below
  }
  throw new IdentityServiceError('SerializationException', 'Request body is not a JSON object.');
}

export function requireString(input: Input, member: string): string {
  const value = input[member];
  if (typeof value !== 'string' || value.length === 0) {
    const lower = member.charAt(0).toLowerCase() + member.slice(1);
    throw new IdentityServiceError(
      'InvalidParameterException',
      `1 validation error detected: Value null at '${lower}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

/** The `Logins` map, or undefined when absent or empty. */
export function optionalLogins(input: Input): Input | undefined {
  const value = input.Logins;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new IdentityServiceError(
      'SerializationException',
      'Logins must be a map of provider name to token.',
    );
  }
  const map = value as Input;
  return Object.keys(map).length === 0 ? undefined : map;
}

/** The real endpoint allows any origin; the browser calls it directly from the web app. */
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date',
};

export function writeCorsPreflight(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    ...CORS_HEADERS,
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? '*'),
    'access-control-max-age': '86400',
    'content-length': '0',
  });
  res.end();
}

export function writeJson(
  res: ServerResponse,
  status: number,
  requestId: string,
  body: object,
  extra = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...CORS_HEADERS,
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': requestId,
    ...extra,
  });
  res.end(payload);
}

export function writeError(res: ServerResponse, requestId: string, error: IdentityServiceError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = { __type: error.code, message: error.message };
  writeJson(res, error.status, requestId, body, { 'x-amzn-errortype': `${error.code}:` });
}
