import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Verified } from './authenticate';
import { AwsChunkedDecoder } from './aws-chunked';
import { checksumAlgorithmOf, IntegrityCheck, type IntegrityChecks } from './body-integrity';
import { type KeyLock, locksOf } from './key-locks';
import { S3Error } from './s3-error';
import { parseCopySource, type S3Operation } from './s3-operations';
import {
  EMPTY_SHA256,
  headerValue,
  type RequestParts,
  STREAMING_SIGNED,
  STREAMING_SIGNED_TRAILER,
} from './sigv4';
import { spoolBody } from './spooled-body';
import { decodeKeysInXml, upstreamCopySource, upstreamPath, upstreamQuery } from './stored-key';
import { Upstream, type UpstreamBody } from './upstream';

const SPOOL_MEMORY_LIMIT = 8 * 1024 * 1024;
const MAX_SMALL_BODY = 4 * 1024 * 1024;
const EXPOSED_HEADERS = 'ETag, x-amz-request-id';

/** A request that passed authentication and resolution, on its way through the gateway. */
export interface GatewayRequest {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  parts: RequestParts;
  verified: Verified;
  operation: S3Operation;
}

/** Answers whose XML names keys: their keys are decoded from s3rver's stored form (see stored-key.ts). */
const KEY_BEARING = new Set([
  'ListObjects',
  'ListObjectsV2',
  'ListObjectVersions',
  'ListMultipartUploads',
  'ListParts',
  'CreateMultipartUpload',
  'CompleteMultipartUpload',
  'DeleteObjects',
]);

/** Decoding (aws-chunked) and verification stages for the request body. */
export function bodyStages(
  parts: RequestParts,
  verified: Verified,
): { stages: Transform[]; chunked: boolean } {
  const payloadHash = verified.auth?.payloadHash;
  const contentEncoding = headerValue(parts, 'content-encoding') ?? '';
  const chunked =
    payloadHash?.startsWith('STREAMING-') === true || /(^|,)\s*aws-chunked\s*(,|$)/.test(contentEncoding);
  const decodedLengthHeader = headerValue(parts, 'x-amz-decoded-content-length');
  const checks: IntegrityChecks = {};
  if (payloadHash && /^[0-9a-f]{64}$/.test(payloadHash)) checks.sha256Hex = payloadHash;

  if (!chunked) {
    const checksumHeader = Object.keys(parts.headers).find((name) => checksumAlgorithmOf(name));
    const algorithm = checksumHeader && checksumAlgorithmOf(checksumHeader);
    const expected = checksumHeader && headerValue(parts, checksumHeader);
    if (algorithm && expected) checks.checksum = { algorithm, expected: () => expected };
    return { stages: [new IntegrityCheck(checks)], chunked };
  }

  const signed = payloadHash === STREAMING_SIGNED || payloadHash === STREAMING_SIGNED_TRAILER;
  const decoder = new AwsChunkedDecoder({
    decodedLength: decodedLengthHeader === undefined ? undefined : Number(decodedLengthHeader),
    signing:
      signed && verified.auth && verified.signingKey
        ? {
            signingKey: verified.signingKey,
            amzDate: verified.auth.amzDate,
            scope: verified.auth.scope,
            seedSignature: verified.auth.signature,
          }
        : undefined,
  });
  const trailerName = headerValue(parts, 'x-amz-trailer')?.trim().toLowerCase();
  const algorithm = trailerName ? checksumAlgorithmOf(trailerName) : undefined;
  if (trailerName && algorithm)
    checks.checksum = { algorithm, expected: () => decoder.trailers.get(trailerName) };
  return { stages: [decoder, new IntegrityCheck(checks)], chunked };
}

/** Forwarded headers for a body of `length` verified (and, if it was aws-chunked, decoded) bytes. */
export function upstreamHeaders(
  request: GatewayRequest,
  chunked: boolean,
  length: number | undefined,
): OutgoingHttpHeaders {
  const headers = Upstream.forwardedHeaders(request.req.headers);
  const copySource = headerValue(request.parts, 'x-amz-copy-source');
  if (copySource !== undefined) {
    const source = parseCopySource(copySource);
    headers['x-amz-copy-source'] = upstreamCopySource(source.bucket, source.key);
  }
  if (length !== undefined) headers['content-length'] = String(length);
  if (!chunked) return headers;
  const encodings = String(headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '' && e !== 'aws-chunked');
  if (encodings.length > 0) headers['content-encoding'] = encodings.join(', ');
  else delete headers['content-encoding'];
  return headers;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** s3rver's answer: status and headers, and the body to relay (dispose of it once relayed). */
export interface UpstreamAnswer {
  response: IncomingMessage;
  body: Readable | Buffer;
  dispose(): Promise<void>;
}

/**
 * Sends the request to s3rver with the key in its stored (literal) form. An exchange that reads or
 * writes an object holds its key locks (key-locks.ts) until s3rver's answer is read to its end
 * (spooled like request bodies), so a client that reads slowly, or not at all, never holds a lock.
 */
export async function sendUpstream(
  upstream: Upstream,
  request: GatewayRequest,
  headers: OutgoingHttpHeaders,
  body: UpstreamBody,
  locks: KeyLock[] = locksOf(request.operation, request.parts),
): Promise<UpstreamAnswer> {
  const { operation, parts } = request;
  const send = () =>
    upstream.send(
      {
        method: parts.method,
        rawPath: upstreamPath(operation.bucket, operation.key),
        query: upstreamQuery(Upstream.forwardedQuery(parts.query)),
        headers,
      },
      body,
    );
  if (locks.length === 0) {
    const response = await send();
    return { response, body: response, dispose: async () => {} };
  }
  const release = await upstream.locks.acquire(locks);
  try {
    const response = await send();
    const spooled = await spoolBody(response, [], { memoryLimit: SPOOL_MEMORY_LIMIT });
    return { response, body: spooled.content(), dispose: () => spooled.dispose() };
  } finally {
    release();
  }
}

/**
 * Stage 4: the body is verified in full (signature, payload hash, checksums) before s3rver sees a
 * byte of it; the answer is streamed back (key-bearing XML answers are rewritten to literal keys).
 */
export async function forward(upstream: Upstream, request: GatewayRequest): Promise<void> {
  const { req, parts, verified } = request;
  if (!hasBody(req)) {
    const hash = verified.auth?.payloadHash;
    if (hash && /^[0-9a-f]{64}$/.test(hash) && hash !== EMPTY_SHA256) {
      throw new S3Error(
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        400,
        { ClientComputedContentSHA256: hash, S3ComputedContentSHA256: EMPTY_SHA256 },
      );
    }
    await relayResponse(
      await sendUpstream(upstream, request, upstreamHeaders(request, false, undefined), undefined),
      request,
    );
    return;
  }
  const { stages, chunked } = bodyStages(parts, verified);
  const spooled = await spoolBody(req, stages, { memoryLimit: SPOOL_MEMORY_LIMIT });
  try {
    const answer = await sendUpstream(
      upstream,
      request,
      upstreamHeaders(request, chunked, spooled.length),
      spooled.content(),
    );
    await relayResponse(answer, request);
  } finally {
    await spooled.dispose();
  }
}

export function corsHeaders(req: IncomingMessage): OutgoingHttpHeaders {
  const origin = req.headers.origin;
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': EXPOSED_HEADERS,
    vary: 'Origin',
  };
}

export function relayedHeaders(response: IncomingMessage, requestId: string): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (
      value === undefined ||
      name === 'connection' ||
      name === 'keep-alive' ||
      name === 'transfer-encoding'
    ) {
      continue;
    }
    headers[name] = value;
  }
  headers['x-amz-request-id'] ??= requestId;
  return headers;
}

function namesKeys(response: IncomingMessage, request: GatewayRequest): boolean {
  if (request.parts.method === 'HEAD') return false;
  if (!/xml/.test(String(response.headers['content-type'] ?? ''))) return false;
  return KEY_BEARING.has(request.operation.operation) || (response.statusCode ?? 500) >= 300;
}

/** Relays s3rver's answer to the client (key-bearing XML answers with literal keys), then disposes of it. */
export async function relayResponse(answer: UpstreamAnswer, request: GatewayRequest): Promise<void> {
  const { res, requestId } = request;
  const { response, body } = answer;
  try {
    const headers = relayedHeaders(response, requestId);
    if (!namesKeys(response, request)) {
      res.writeHead(response.statusCode ?? 502, headers);
      if (Buffer.isBuffer(body)) res.end(body);
      else await pipeline(body, res).catch(() => res.destroy());
      return;
    }
    const xml = Buffer.isBuffer(body) ? body : await readSmallBody(body, []);
    sendBuffered(
      res,
      response.statusCode ?? 502,
      headers,
      Buffer.from(decodeKeysInXml(xml.toString('utf8'))),
    );
  } finally {
    await answer.dispose();
  }
}

export function sendBuffered(
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  body: Buffer,
): void {
  res.writeHead(status, { ...headers, 'content-length': String(body.length) });
  res.end(body);
}

export async function readSmallBody(source: Readable, stages: Transform[]): Promise<Buffer> {
  const spooled = await spoolBody(source, stages, { memoryLimit: MAX_SMALL_BODY, maxBytes: MAX_SMALL_BODY });
  const content = spooled.content();
  return Buffer.isBuffer(content) ? content : Buffer.alloc(0);
}
