import { randomBytes } from 'node:crypto';
import {
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { CredentialStore } from '../identity/credential-store';
import { authenticate, describePrincipal, requestContext, requestParts } from './authenticate';
import { deleteObjects } from './delete-objects';
import { corsHeaders, forward, type GatewayRequest, relayedHeaders } from './forward';
import { type Decision, PolicyAuthorizer, type PolicyDocument, type RolePolicies } from './policy-authorizer';
import { requestsPublicAcl } from './public-access-block';
import { accessDenied, errorXml, S3Error } from './s3-error';
import { type ContextValues, resolveOperation, type S3Access, splitPath } from './s3-operations';
import { upstreamPath } from './stored-key';
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

type Log = (entry: object) => void;

/**
 * A request listener that makes s3rver behave like S3 towards clients, in four stages:
 *
 * 1. **authenticate** (authenticate.ts): SigV4 in header and presigned forms, session tokens, clock
 *    skew, expiry; unsigned requests are anonymous.
 * 2. **resolve** (s3-operations.ts): the S3 operation, its bucket and literal key, and the IAM checks
 *    AWS makes for it.
 * 3. **authorize** (policy-authorizer.ts): the identity pool role, Lambda role and bucket policies,
 *    evaluated against the literal key (DeleteObjects: per key).
 * 4. **forward** (forward.ts): body verified in full (payload hash, chunk signatures, checksums), then
 *    sent to s3rver re-signed with its own credentials and with the key in a stored form s3rver cannot
 *    resolve as a path (stored-key.ts); the answer is streamed back. An exchange that reads or
 *    replaces an object holds its key's lock (key-locks.ts), so overwrites are atomic as in S3.
 *
 * CORS: preflights go to s3rver (it applies the bucket's CORS rules). The gateway's own error
 * responses echo the request's `Origin` (looser than AWS, which applies the bucket rules) so a browser
 * sees the 403 instead of an opaque CORS failure.
 */
export function createS3Gateway(opts: S3GatewayOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const upstream = new Upstream(opts.upstream, opts.region, opts.upstreamCredentials);
  const authorizer = new PolicyAuthorizer(opts);
  const log: Log = opts.logger ?? (() => {});
  const now = opts.now ?? Date.now;
  validatePolicies(authorizer, log);

  /** Stage 3 for one IAM check, logged with its reason. */
  async function authorize(
    request: GatewayRequest,
    context: ContextValues,
    access: S3Access,
  ): Promise<Decision> {
    const decision = await authorizer.authorize(request.verified.principal, access, context);
    log({
      service: 's3-gateway',
      requestId: request.requestId,
      operation: request.operation.operation,
      principal: describePrincipal(request.verified.principal),
      accessKeyId: request.verified.accessKeyId,
      action: access.action,
      resource: access.resource,
      decision: decision.allowed ? 'allow' : 'deny',
      reason: decision.reason,
    });
    return decision;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    if (req.method === 'OPTIONS') return relayPreflight(upstream, req, res, requestId);
    const parts = requestParts(req);
    const verified = await authenticate(parts, {
      region: opts.region,
      credentials: opts.credentials,
      now: now(),
    });
    const { bucket, key } = splitPath(parts.rawPath);
    const operation = resolveOperation(parts, bucket, key);
    const request: GatewayRequest = { req, res, requestId, parts, verified, operation };
    const context = requestContext(req, verified, opts.region, now());
    if (operation.perKeyDelete) {
      await deleteObjects(upstream, request, (access) => authorize(request, context, access));
      return;
    }
    for (const access of operation.accesses) {
      if (!(await authorize(request, context, access)).allowed) throw accessDenied();
    }
    // BlockPublicAcls: a request that would set a public ACL is refused (s3rver would ignore it).
    const block = bucket ? opts.publicAccessBlock?.[bucket] : undefined;
    if ((block?.BlockPublicAcls ?? true) && requestsPublicAcl(parts.headers)) throw accessDenied();
    await forward(upstream, request);
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

function validatePolicies(authorizer: PolicyAuthorizer, log: Log): void {
  authorizer
    .validate()
    .then((problems) => {
      for (const problem of problems)
        log({ service: 's3-gateway', level: 'error', msg: 'invalid policy', problem });
    })
    .catch((error: unknown) =>
      log({ service: 's3-gateway', level: 'error', msg: 'policy validation failed', error }),
    );
}

/** OPTIONS is never signed: s3rver answers it from the bucket's CORS configuration. */
function relayPreflight(
  upstream: Upstream,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Promise<void> {
  const { rawPath, query } = requestParts(req);
  const { bucket, key } = splitPath(rawPath);
  const target = new URL(upstreamPath(bucket, key), `http://${upstream.host}`);
  for (const p of query) target.searchParams.append(p.key, p.value);
  return new Promise((resolve, reject) => {
    const upstreamReq = httpRequest(
      target,
      { method: 'OPTIONS', headers: { ...Upstream.forwardedHeaders(req.headers), host: upstream.host } },
      (response) => {
        res.writeHead(response.statusCode ?? 502, relayedHeaders(response, requestId));
        pipeline(response, res).catch(() => res.destroy());
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
