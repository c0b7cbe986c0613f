import type { IncomingMessage } from 'node:http';
import type { CredentialStore } from '../identity/credential-store';
import type { RequestPrincipal } from './policy-authorizer';
import { credentialError } from './s3-error';
import type { ContextValues } from './s3-operations';
import {
  amzDateToMillis,
  checkRequestTime,
  parseQuery,
  parseRequestAuth,
  type RequestParts,
  type SignedRequestAuth,
  verifySignature,
} from './sigv4';

/** Who sent a request, as proven by its signature (or anonymous). */
export interface Verified {
  principal: RequestPrincipal;
  auth?: SignedRequestAuth;
  signingKey?: Uint8Array;
  accessKeyId?: string;
}

/** The request as SigV4 sees it: the raw path and query, every header value. */
export function requestParts(req: IncomingMessage): RequestParts {
  const url = req.url ?? '/';
  const queryStart = url.indexOf('?');
  return {
    method: req.method ?? 'GET',
    rawPath: queryStart < 0 ? url : url.slice(0, queryStart),
    query: parseQuery(queryStart < 0 ? '' : url.slice(queryStart + 1)),
    headers: req.headersDistinct as Record<string, string[]>,
  };
}

/**
 * Stage 1: SigV4 (header or presigned form): known access key, valid session token, clock skew and
 * expiry, signature. Unsigned requests are anonymous (the bucket policy decides).
 */
export async function authenticate(
  parts: RequestParts,
  opts: { region: string; credentials: CredentialStore; now: number },
): Promise<Verified> {
  const requestAuth = parseRequestAuth(parts, opts.region);
  if (requestAuth.kind === 'anonymous') return { principal: { kind: 'anonymous' } };
  const auth = requestAuth.auth;
  const resolved = opts.credentials.resolve(auth.accessKeyId, auth.sessionToken);
  if (!resolved.ok) throw credentialError(resolved.code, auth.accessKeyId);
  checkRequestTime(auth, opts.now);
  const signingKey = await verifySignature(parts, auth, resolved.credential.secretAccessKey);
  return { principal: resolved.credential.principal, auth, signingKey, accessKeyId: auth.accessKeyId };
}

/** The global and S3 condition keys of a request, for the policy evaluation. */
export function requestContext(
  req: IncomingMessage,
  verified: Verified,
  region: string,
  at: number,
): ContextValues {
  const context: ContextValues = {
    // The endpoint stands in for S3's HTTPS endpoint; the loopback hop being plain HTTP is local only.
    'aws:SecureTransport': 'true',
    'aws:CurrentTime': new Date(at).toISOString(),
    'aws:EpochTime': String(Math.floor(at / 1000)),
    'aws:RequestedRegion': region,
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

export function describePrincipal(principal: RequestPrincipal): string {
  if (principal.kind === 'identity') {
    return `identity:${principal.identityId}${principal.authenticated === false ? ' (guest)' : ''}`;
  }
  if (principal.kind === 'service') return `service:${principal.service} (${principal.sourceArn})`;
  return principal.kind;
}
