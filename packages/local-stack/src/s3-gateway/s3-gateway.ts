import { randomBytes } from 'node:crypto';
import {
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CredentialStore } from '../identity/credential-store';
import { AwsChunkedDecoder } from './aws-chunked';
import { checksumAlgorithmOf, IntegrityCheck, type IntegrityChecks } from './body-integrity';
import {
  type Decision,
  PolicyAuthorizer,
  type PolicyDocument,
  type RequestPrincipal,
  type RolePolicies,
} from './policy-authorizer';
import { accessDenied, credentialError, errorXml, escapeXml, S3Error } from './s3-error';
import {
  type ContextValues,
  objectArn,
  parseDeleteObjects,
  resolveOperation,
  type S3Access,
  type S3Operation,
  splitPath,
} from './s3-operations';
import {
  amzDateToMillis,
  checkRequestTime,
  EMPTY_SHA256,
  headerValue,
  parseQuery,
  parseRequestAuth,
  type RequestParts,
  type SignedRequestAuth,
  STREAMING_SIGNED,
  STREAMING_SIGNED_TRAILER,
  verifySignature,
} from './sigv4';
import { spoolBody } from './spooled-body';
import { Upstream } from './upstream';

export interface S3GatewayOptions extends RolePolicies {
  /** Base URL of s3rver (path-style). */
  upstream: string;
  region: string;
  /** Resolves access keys to secrets and principals (the local identity pool's store). */
  credentials: CredentialStore;
  /** Credentials the gateway uses towards s3rver; default s3rver's `S3RVER` account. */
  upstreamCredentials?: { accessKeyId: string; secretAccessKey: string };
  /** Receives one structured entry per decision and per rejected request. */
  logger?: (entry: object) => void;
  /** Clock, for tests of expiry and skew. */
  now?: () => number;
}

export type { PolicyDocument };

const MAX_DELETE_BODY = 4 * 1024 * 1024;
const SPOOL_MEMORY_LIMIT = 8 * 1024 * 1024;
const EXPOSED_HEADERS = 'ETag, x-amz-request-id';

interface Verified {
  principal: RequestPrincipal;
  auth?: SignedRequestAuth;
  signingKey?: Uint8Array;
  accessKeyId?: string;
}

/**
 * A request listener that makes s3rver behave like S3 towards clients: it verifies SigV4 (header and
 * presigned forms, session tokens, clock skew, expiry, payload hashes and chunk signatures), evaluates
 * IAM with the identity pool role, Lambda role and bucket policies, and only then forwards the request,
 * re-signed with s3rver's own credentials, and streams the answer back. Request bodies are verified
 * in full before s3rver sees a byte of them (see `spoolBody`); responses are streamed.
 *
 * CORS: preflights go to s3rver untouched (it applies the bucket's CORS rules). The gateway's own error
 * responses echo the request's `Origin` (looser than AWS, which applies the bucket rules) so a browser
 * sees the 403 instead of an opaque CORS failure.
 */
export function createS3Gateway(opts: S3GatewayOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const upstream = new Upstream(opts.upstream, opts.region, opts.upstreamCredentials);
  const authorizer = new PolicyAuthorizer(opts);
  const log = opts.logger ?? (() => {});
  const now = opts.now ?? Date.now;

  authorizer
    .validate()
    .then((problems) => {
      for (const problem of problems)
        log({ service: 's3-gateway', level: 'error', msg: 'invalid policy', problem });
    })
    .catch((error: unknown) =>
      log({ service: 's3-gateway', level: 'error', msg: 'policy validation failed', error }),
    );

  async function authenticate(parts: RequestParts): Promise<Verified> {
    const requestAuth = parseRequestAuth(parts, opts.region);
    if (requestAuth.kind === 'anonymous') return { principal: { kind: 'anonymous' } };
    const auth = requestAuth.auth;
    const resolved = opts.credentials.resolve(auth.accessKeyId, auth.sessionToken);
    if (!resolved.ok) throw credentialError(resolved.code, auth.accessKeyId);
    checkRequestTime(auth, now());
    const signingKey = await verifySignature(parts, auth, resolved.credential.secretAccessKey);
    return { principal: resolved.credential.principal, auth, signingKey, accessKeyId: auth.accessKeyId };
  }

  function requestContext(req: IncomingMessage, verified: Verified): ContextValues {
    const at = now();
    const context: ContextValues = {
      // The endpoint stands in for S3's HTTPS endpoint; the loopback hop being plain HTTP is local only.
      'aws:SecureTransport': 'true',
      'aws:CurrentTime': new Date(at).toISOString(),
      'aws:EpochTime': String(Math.floor(at / 1000)),
      'aws:RequestedRegion': opts.region,
    };
    const sourceIp = req.socket.remoteAddress?.replace(/^::ffff:/, '');
    if (sourceIp) context['aws:SourceIp'] = sourceIp;
    const userAgent = req.headers['user-agent'];
    if (userAgent) context['aws:UserAgent'] = userAgent;
    if (verified.auth) {
      context['s3:authType'] = verified.auth.form === 'header' ? 'REST-HEADER' : 'REST-QUERY-STRING';
      context['s3:signatureversion'] = 'AWS4-HMAC-SHA256';
      context['s3:signatureAge'] = String(Math.max(0, at - amzDateToMillis(verified.auth.amzDate)));
      context['s3:x-amz-content-sha256'] = verified.auth.payloadHash;
    }
    return context;
  }

  async function authorize(
    requestId: string,
    operation: S3Operation,
    verified: Verified,
    access: S3Access,
    context: ContextValues,
  ): Promise<Decision> {
    const decision = await authorizer.authorize(verified.principal, access, context);
    log({
      service: 's3-gateway',
      requestId,
      operation: operation.operation,
      principal: describePrincipal(verified.principal),
      accessKeyId: verified.accessKeyId,
      action: access.action,
      resource: access.resource,
      decision: decision.allowed ? 'allow' : 'deny',
      reason: decision.reason,
    });
    return decision;
  }

  /** Decoding (aws-chunked) and verification stages for the request body. */
  function bodyStages(parts: RequestParts, verified: Verified): { stages: Transform[]; chunked: boolean } {
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
  function upstreamHeaders(
    req: IncomingMessage,
    chunked: boolean,
    length: number | undefined,
  ): OutgoingHttpHeaders {
    const headers = Upstream.forwardedHeaders(req.headers);
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

  async function forward(
    req: IncomingMessage,
    res: ServerResponse,
    parts: RequestParts,
    verified: Verified,
    requestId: string,
  ): Promise<void> {
    const upstreamRequest = {
      method: parts.method,
      rawPath: parts.rawPath,
      query: Upstream.forwardedQuery(parts.query),
    };
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
      const response = await upstream.send(
        { ...upstreamRequest, headers: upstreamHeaders(req, false, undefined) },
        undefined,
      );
      relayResponse(response, res, requestId);
      return;
    }
    const { stages, chunked } = bodyStages(parts, verified);
    const spooled = await spoolBody(req, stages, { memoryLimit: SPOOL_MEMORY_LIMIT });
    try {
      const response = await upstream.send(
        { ...upstreamRequest, headers: upstreamHeaders(req, chunked, spooled.length) },
        spooled.content(),
      );
      relayResponse(response, res, requestId);
    } finally {
      await spooled.dispose();
    }
  }

  /** DeleteObjects: each key is authorized on its own; denied keys come back as per-key errors, as in S3. */
  async function deleteObjects(
    req: IncomingMessage,
    res: ServerResponse,
    parts: RequestParts,
    verified: Verified,
    operation: S3Operation,
    context: ContextValues,
    requestId: string,
  ): Promise<void> {
    const bucket = operation.bucket ?? '';
    const { stages } = bodyStages(parts, verified);
    const xml = (await readSmallBody(req, stages)).toString('utf8');
    const request = parseDeleteObjects(xml);
    const allowed: typeof request.objects = [];
    const denied: typeof request.objects = [];
    for (const object of request.objects) {
      const action = object.versionId ? 's3:DeleteObjectVersion' : 's3:DeleteObject';
      const access = { action, resource: objectArn(bucket, object.key), context: {} };
      const decision = await authorize(requestId, operation, verified, access, context);
      (decision.allowed ? allowed : denied).push(object);
    }
    const errors = denied
      .map(
        (o) =>
          `<Error><Key>${escapeXml(o.key)}</Key>${o.versionId ? `<VersionId>${escapeXml(o.versionId)}</VersionId>` : ''}` +
          '<Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
      )
      .join('');

    if (allowed.length === 0) {
      const result =
        '<?xml version="1.0" encoding="UTF-8"?>\n' +
        `<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${errors}</DeleteResult>`;
      res.writeHead(200, {
        ...corsHeaders(req),
        'content-type': 'application/xml',
        'content-length': Buffer.byteLength(result),
        'x-amz-request-id': requestId,
      });
      res.end(result);
      return;
    }

    const rewritten = Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
        `${request.quiet ? '<Quiet>true</Quiet>' : ''}${allowed.map((o) => o.xml).join('')}</Delete>`,
    );
    const headers = upstreamHeaders(req, false, rewritten.length);
    for (const name of Object.keys(headers)) {
      if (
        name === 'content-md5' ||
        name.startsWith('x-amz-checksum-') ||
        name === 'x-amz-sdk-checksum-algorithm'
      ) {
        delete headers[name];
      }
    }
    delete headers['content-encoding'];
    const response = await upstream.send(
      { method: 'POST', rawPath: parts.rawPath, query: Upstream.forwardedQuery(parts.query), headers },
      rewritten,
    );
    if (response.statusCode !== 200 || denied.length === 0) {
      relayResponse(response, res, requestId);
      return;
    }
    const upstreamXml = (await readSmallBody(response, [])).toString('utf8');
    const merged = Buffer.from(upstreamXml.replace('</DeleteResult>', `${errors}</DeleteResult>`));
    const responseHeaders = relayedHeaders(response, requestId);
    responseHeaders['content-length'] = String(merged.length);
    res.writeHead(200, responseHeaders);
    res.end(merged);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const rawPath = queryStart < 0 ? url : url.slice(0, queryStart);
    const rawQuery = queryStart < 0 ? '' : url.slice(queryStart + 1);

    if (req.method === 'OPTIONS') {
      await relayPreflight(req, res, requestId);
      return;
    }

    const parts: RequestParts = {
      method: req.method ?? 'GET',
      rawPath,
      query: parseQuery(rawQuery),
      headers: req.headersDistinct as Record<string, string[]>,
    };
    const { bucket, key } = splitPath(rawPath);
    const verified = await authenticate(parts);
    const operation = resolveOperation(parts, bucket, key);
    const context = requestContext(req, verified);

    if (operation.perKeyDelete) {
      await deleteObjects(req, res, parts, verified, operation, context, requestId);
      return;
    }
    for (const access of operation.accesses) {
      const decision = await authorize(requestId, operation, verified, access, context);
      if (!decision.allowed) throw accessDenied();
    }
    await forward(req, res, parts, verified, requestId);
  }

  /** OPTIONS is never signed: s3rver answers it from the bucket's CORS configuration. */
  function relayPreflight(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const target = new URL(req.url ?? '/', opts.upstream);
    return new Promise((resolve, reject) => {
      const upstreamReq = httpRequest(
        target,
        { method: 'OPTIONS', headers: { ...Upstream.forwardedHeaders(req.headers), host: upstream.host } },
        (response) => {
          relayResponse(response, res, requestId);
          resolve();
        },
      );
      upstreamReq.on('error', reject);
      upstreamReq.end();
    });
  }

  function sendError(req: IncomingMessage, res: ServerResponse, requestId: string, error: S3Error): void {
    req.resume();
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = errorXml(error, requestId, req.url?.split('?')[0]);
    const headers: OutgoingHttpHeaders = {
      ...corsHeaders(req),
      'content-type': 'application/xml',
      'x-amz-request-id': requestId,
    };
    if (req.method === 'HEAD') {
      res.writeHead(error.status, headers);
      res.end();
      return;
    }
    res.writeHead(error.status, { ...headers, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  return (req, res) => {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    handle(req, res, requestId).catch((error: unknown) => {
      const s3Error =
        error instanceof S3Error
          ? error
          : new S3Error('InternalError', 'We encountered an internal error.', 500);
      log({
        service: 's3-gateway',
        requestId,
        method: req.method,
        path: req.url?.split('?')[0],
        rejected: s3Error.code,
        message: s3Error.message,
        ...(error instanceof S3Error ? {} : { cause: String(error) }),
      });
      sendError(req, res, requestId, s3Error);
    });
  };
}

function describePrincipal(principal: RequestPrincipal): string {
  if (principal.kind === 'identity') {
    return `identity:${principal.identityId}${principal.authenticated === false ? ' (guest)' : ''}`;
  }
  return principal.kind;
}

function corsHeaders(req: IncomingMessage): OutgoingHttpHeaders {
  const origin = req.headers.origin;
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': EXPOSED_HEADERS,
    vary: 'Origin',
  };
}

function relayedHeaders(response: IncomingMessage, requestId: string): OutgoingHttpHeaders {
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

function relayResponse(response: IncomingMessage, res: ServerResponse, requestId: string): void {
  res.writeHead(response.statusCode ?? 502, relayedHeaders(response, requestId));
  pipeline(response, res).catch(() => res.destroy());
}

async function readSmallBody(source: IncomingMessage, stages: Transform[]): Promise<Buffer> {
  const spooled = await spoolBody(source, stages, {
    memoryLimit: MAX_DELETE_BODY,
    maxBytes: MAX_DELETE_BODY,
  });
  const content = spooled.content();
  return Buffer.isBuffer(content) ? content : Buffer.alloc(0);
}
