import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  ALGORITHM_IDENTIFIER,
  createScope,
  getCanonicalQuery,
  getSigningKey,
  KEY_TYPE_IDENTIFIER,
  MAX_PRESIGNED_TTL,
  UNSIGNED_PAYLOAD,
} from '@smithy/signature-v4';
import {
  accessDenied,
  authorizationHeaderMalformed,
  authorizationQueryParametersError,
  invalidArgument,
  S3Error,
  signatureDoesNotMatch,
} from './s3-error';

/** One `name=value` pair of the query string, raw (as sent) and decoded. */
export interface QueryParam {
  rawKey: string;
  rawValue: string | undefined;
  key: string;
  value: string;
}

/** The parts of an incoming request that SigV4 covers, as received on the wire. */
export interface RequestParts {
  method: string;
  /** The path exactly as sent (still percent-encoded): S3 signs it without normalizing or re-encoding. */
  rawPath: string;
  query: QueryParam[];
  /** Lower-case header name → every value received. */
  headers: Record<string, string[]>;
}

export type AuthForm = 'header' | 'query';

export interface SignedRequestAuth {
  form: AuthForm;
  accessKeyId: string;
  shortDate: string;
  region: string;
  scope: string;
  /** ISO 8601 basic (`20130524T000000Z`) request time. */
  amzDate: string;
  signedHeaders: string[];
  signature: string;
  sessionToken?: string;
  /** The payload hash of the canonical request: a hex SHA-256, UNSIGNED-PAYLOAD or a STREAMING-… value. */
  payloadHash: string;
  /** Presigned URLs only. */
  expiresSeconds?: number;
}

export type RequestAuth = { kind: 'anonymous' } | { kind: 'signed'; auth: SignedRequestAuth };

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
export const STREAMING_SIGNED = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
export const STREAMING_SIGNED_TRAILER = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
const SUPPORTED_PAYLOAD_HASHES = new Set([
  UNSIGNED_PAYLOAD,
  STREAMING_UNSIGNED_TRAILER,
  STREAMING_SIGNED,
  STREAMING_SIGNED_TRAILER,
]);

/** AWS rejects header-signed requests whose time is more than 15 minutes away from its clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

const QUERY_AUTH_PARAMS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
] as const;
const AMZ_DATE_PATTERN = /^\d{8}T\d{6}Z$/;

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw invalidArgument('Invalid percent-encoding in the request URI.');
  }
}

/** Splits a raw query string without URLSearchParams, which would wrongly turn `+` into a space. */
export function parseQuery(rawQuery: string): QueryParam[] {
  if (rawQuery === '') return [];
  return rawQuery
    .split('&')
    .filter((part) => part.length > 0)
    .map((part) => {
      const eq = part.indexOf('=');
      const rawKey = eq < 0 ? part : part.slice(0, eq);
      const rawValue = eq < 0 ? undefined : part.slice(eq + 1);
      return {
        rawKey,
        rawValue,
        key: safeDecode(rawKey),
        value: rawValue === undefined ? '' : safeDecode(rawValue),
      };
    });
}

export function queryValue(query: QueryParam[], key: string): string | undefined {
  return query.find((p) => p.key === key)?.value;
}

export function headerValue(parts: RequestParts, name: string): string | undefined {
  const values = parts.headers[name];
  return values && values.length > 0 ? values.join(',') : undefined;
}

const QUERY_AUTH_PARAMS_LOWER = new Set(
  [...QUERY_AUTH_PARAMS, 'X-Amz-Security-Token', 'X-Amz-Content-Sha256'].map((p) => p.toLowerCase()),
);

/** Parameters of a presigned URL that authenticate it (and must not reach s3rver). */
export function isQueryAuthParam(key: string): boolean {
  return QUERY_AUTH_PARAMS_LOWER.has(key.toLowerCase());
}

/** Reads SigV4 authentication from the Authorization header or the query string (presigned URL). */
export function parseRequestAuth(parts: RequestParts, region: string): RequestAuth {
  const authorization = headerValue(parts, 'authorization');
  const presigned = parts.query.some((p) => p.key === 'X-Amz-Algorithm');
  if (authorization !== undefined && presigned) {
    throw invalidArgument(
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
      { ArgumentName: 'Authorization', ArgumentValue: authorization },
    );
  }
  if (authorization !== undefined)
    return { kind: 'signed', auth: parseHeaderAuth(parts, authorization, region) };
  if (presigned) return { kind: 'signed', auth: parseQueryAuth(parts, region) };
  if (parts.query.some((p) => p.key === 'Signature' || p.key === 'AWSAccessKeyId')) {
    throw new S3Error(
      'InvalidRequest',
      'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
      400,
    );
  }
  return { kind: 'anonymous' };
}

function parseHeaderAuth(parts: RequestParts, authorization: string, region: string): SignedRequestAuth {
  if (!authorization.startsWith(`${ALGORITHM_IDENTIFIER} `)) {
    throw new S3Error(
      'InvalidRequest',
      'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
      400,
    );
  }
  const components = new Map<string, string>();
  for (const component of authorization.slice(ALGORITHM_IDENTIFIER.length + 1).split(',')) {
    const eq = component.indexOf('=');
    if (eq > 0) components.set(component.slice(0, eq).trim(), component.slice(eq + 1).trim());
  }
  const credential = components.get('Credential');
  const signedHeaders = components.get('SignedHeaders');
  const signature = components.get('Signature');
  if (!credential || !signedHeaders || !signature) {
    throw authorizationHeaderMalformed(
      'the authorization header requires Credential, SignedHeaders and Signature.',
    );
  }

  const amzDate = headerValue(parts, 'x-amz-date') ?? amzDateFromHttpDate(headerValue(parts, 'date'));
  if (!amzDate) throw accessDenied('AWS authentication requires a valid Date or x-amz-date header');
  const scope = parseCredential(credential, amzDate, region, 'header');

  const payloadHash = headerValue(parts, 'x-amz-content-sha256');
  if (payloadHash === undefined) {
    throw new S3Error(
      'InvalidRequest',
      'Missing required header for this request: x-amz-content-sha256',
      400,
    );
  }
  checkPayloadHash(payloadHash);

  const signed = signedHeaders.split(';');
  requireSignedHeaders(parts, signed);
  return {
    form: 'header',
    ...scope,
    amzDate,
    signedHeaders: signed,
    signature,
    sessionToken: headerValue(parts, 'x-amz-security-token'),
    payloadHash,
  };
}

function parseQueryAuth(parts: RequestParts, region: string): SignedRequestAuth {
  const values = Object.fromEntries(QUERY_AUTH_PARAMS.map((name) => [name, queryValue(parts.query, name)]));
  const [algorithm, credential, amzDate, expires, signedHeaders, signature] = QUERY_AUTH_PARAMS.map(
    (n) => values[n],
  );
  if (!algorithm || !credential || !amzDate || !expires || !signedHeaders || !signature) {
    throw authorizationQueryParametersError(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  if (algorithm !== ALGORITHM_IDENTIFIER) {
    throw authorizationQueryParametersError('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  }
  if (!AMZ_DATE_PATTERN.test(amzDate)) {
    throw authorizationQueryParametersError(
      "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"",
    );
  }
  const expiresSeconds = Number(expires);
  if (!/^\d+$/.test(expires)) {
    throw authorizationQueryParametersError('X-Amz-Expires should be a number');
  }
  if (expiresSeconds > MAX_PRESIGNED_TTL) {
    throw authorizationQueryParametersError(
      `X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGNED_TTL}`,
    );
  }
  const scope = parseCredential(credential, amzDate, region, 'query');
  const signed = signedHeaders.split(';');
  requireSignedHeaders(parts, signed);
  const payloadHash = queryValue(parts.query, 'X-Amz-Content-Sha256') ?? UNSIGNED_PAYLOAD;
  checkPayloadHash(payloadHash);
  return {
    form: 'query',
    ...scope,
    amzDate,
    signedHeaders: signed,
    signature,
    sessionToken: queryValue(parts.query, 'X-Amz-Security-Token'),
    payloadHash,
    expiresSeconds,
  };
}

function parseCredential(credential: string, amzDate: string, region: string, form: AuthForm) {
  const malformed = (message: string, fields: Record<string, string> = {}) =>
    form === 'header'
      ? authorizationHeaderMalformed(message, fields)
      : authorizationQueryParametersError(`Error parsing the X-Amz-Credential parameter; ${message}`);
  const parts = credential.split('/');
  const [accessKeyId, shortDate, scopeRegion, service, terminator] = parts;
  if (parts.length !== 5 || !accessKeyId || !shortDate || !scopeRegion || !service || !terminator) {
    throw malformed(
      `the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`,
    );
  }
  if (scopeRegion !== region) {
    throw malformed(`the region '${scopeRegion}' is wrong; expecting '${region}'`, { Region: region });
  }
  if (service !== 's3') throw malformed(`incorrect service '${service}'. This endpoint belongs to 's3'.`);
  if (terminator !== KEY_TYPE_IDENTIFIER) {
    throw malformed(`incorrect terminal '${terminator}'. This endpoint uses '${KEY_TYPE_IDENTIFIER}'.`);
  }
  if (!AMZ_DATE_PATTERN.test(amzDate) || shortDate !== amzDate.slice(0, 8)) {
    throw malformed('Invalid credential date. Date is not the same as X-Amz-Date.');
  }
  return { accessKeyId, shortDate, region: scopeRegion, scope: createScope(shortDate, scopeRegion, 's3') };
}

function checkPayloadHash(payloadHash: string): void {
  if (/^[0-9a-f]{64}$/.test(payloadHash) || SUPPORTED_PAYLOAD_HASHES.has(payloadHash)) return;
  throw invalidArgument(
    'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, or a valid sha256 value.',
    { ArgumentName: 'x-amz-content-sha256', ArgumentValue: payloadHash },
  );
}

/** `host` must be signed, and so must every `x-amz-*` header present (AWS: "headers … which were not signed"). */
function requireSignedHeaders(parts: RequestParts, signed: string[]): void {
  if (!signed.includes('host')) {
    throw accessDenied('There were headers present in the request which were not signed', {
      HeadersNotSigned: 'host',
    });
  }
  const unsigned = Object.keys(parts.headers).filter(
    (name) => name.startsWith('x-amz-') && name !== 'x-amz-content-sha256' && !signed.includes(name),
  );
  if (unsigned.length > 0) {
    throw accessDenied('There were headers present in the request which were not signed', {
      HeadersNotSigned: unsigned.join(', '),
    });
  }
}

function amzDateFromHttpDate(date: string | undefined): string | undefined {
  if (!date) return undefined;
  const parsed = new Date(date);
  if (Number.isNaN(parsed.getTime())) return undefined;
  return parsed
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function amzDateToMillis(amzDate: string): number {
  const iso = `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`;
  return Date.parse(iso);
}

/** Clock skew for header signatures; validity window for presigned URLs. */
export function checkRequestTime(auth: SignedRequestAuth, nowMs: number): void {
  const requestMs = amzDateToMillis(auth.amzDate);
  const serverTime = new Date(nowMs).toISOString();
  if (auth.form === 'header') {
    if (Math.abs(nowMs - requestMs) > MAX_CLOCK_SKEW_MS) {
      throw new S3Error(
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
        403,
        {
          RequestTime: auth.amzDate,
          ServerTime: serverTime,
          MaxAllowedSkewMilliseconds: String(MAX_CLOCK_SKEW_MS),
        },
      );
    }
    return;
  }
  if (requestMs - nowMs > MAX_CLOCK_SKEW_MS) throw accessDenied('Request is not valid yet');
  const expiresAt = requestMs + (auth.expiresSeconds ?? 0) * 1000;
  if (nowMs > expiresAt) {
    throw accessDenied('Request has expired', {
      'X-Amz-Expires': String(auth.expiresSeconds ?? 0),
      Expires: new Date(expiresAt).toISOString(),
      ServerTime: serverTime,
    });
  }
}

function canonicalHeaderValue(values: string[] | undefined): string {
  return (values ?? []).map((v) => v.replace(/\s+/g, ' ').trim()).join(',');
}

export interface SignatureCheck {
  canonicalRequest: string;
  stringToSign: string;
  expected: string;
}

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
export const hmacHex = (key: Uint8Array, data: string) =>
  createHmac('sha256', key).update(data, 'utf8').digest('hex');

export function deriveSigningKey(auth: SignedRequestAuth, secretAccessKey: string): Promise<Uint8Array> {
  return getSigningKey(
    Sha256,
    { accessKeyId: auth.accessKeyId, secretAccessKey },
    auth.shortDate,
    auth.region,
    's3',
  );
}

/**
 * Rebuilds the canonical request from what was received (path as sent, query canonicalized by
 * `@smithy/signature-v4`, the signed headers' values) and computes the signature the client must
 * have produced with the secret.
 */
export function expectedSignature(
  parts: RequestParts,
  auth: SignedRequestAuth,
  signingKey: Uint8Array,
): SignatureCheck {
  const query: Record<string, string | string[]> = {};
  for (const { key, value } of parts.query) {
    const existing = query[key];
    query[key] = existing === undefined ? value : [...[existing].flat(), value];
  }
  const canonicalHeaders = auth.signedHeaders.map(
    (name) => `${name}:${canonicalHeaderValue(parts.headers[name])}\n`,
  );
  const canonicalRequest = [
    parts.method,
    parts.rawPath,
    // getCanonicalQuery leaves out X-Amz-Signature itself.
    getCanonicalQuery({ query } as Parameters<typeof getCanonicalQuery>[0]),
    canonicalHeaders.join(''),
    auth.signedHeaders.join(';'),
    auth.payloadHash,
  ].join('\n');
  const stringToSign = [ALGORITHM_IDENTIFIER, auth.amzDate, auth.scope, sha256Hex(canonicalRequest)].join(
    '\n',
  );
  return { canonicalRequest, stringToSign, expected: hmacHex(signingKey, stringToSign) };
}

export function signaturesEqual(expected: string, provided: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(provided);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Verifies the request (or seed) signature; returns the signing key for chunk signatures. */
export async function verifySignature(
  parts: RequestParts,
  auth: SignedRequestAuth,
  secretAccessKey: string,
): Promise<Uint8Array> {
  const signingKey = await deriveSigningKey(auth, secretAccessKey);
  const check = expectedSignature(parts, auth, signingKey);
  if (!signaturesEqual(check.expected, auth.signature)) {
    throw signatureDoesNotMatch({
      AWSAccessKeyId: auth.accessKeyId,
      StringToSign: check.stringToSign,
      SignatureProvided: auth.signature,
      CanonicalRequest: check.canonicalRequest,
    });
  }
  return signingKey;
}
