import type { IncomingHttpHeaders } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Principal } from '../identity/credential-store';

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;
const MAX_SKEW_MS = 5 * 60 * 1000;

export interface SignedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type VerifyFailure =
  | 'MissingAuthenticationToken'
  | 'UnrecognizedClient'
  | 'InvalidSignature'
  | 'SignatureExpired';

export type VerifyResult =
  | { ok: true; principal: Principal; accessKeyId: string }
  | { ok: false; failure: VerifyFailure; message: string };

/** Looks up a long-lived access key (the per-function keys of the local stack). */
export type KeyLookup = (
  accessKeyId: string,
) => { secretAccessKey: string; principal: Principal } | undefined;

/**
 * Verifies a header-signed SigV4 request of the JSON and query protocols (DynamoDB, SES) by signing
 * the same request again with the caller's secret (@smithy/signature-v4, what the SDK signs with)
 * and comparing the signatures.
 */
export async function verifySigV4(
  request: SignedRequest,
  lookup: KeyLookup,
  now: number = Date.now(),
): Promise<VerifyResult> {
  const header = String(request.headers.authorization ?? '');
  const match = AUTH.exec(header);
  if (!match) {
    return {
      ok: false,
      failure: 'MissingAuthenticationToken',
      message: 'Request is missing Authentication Token',
    };
  }
  const [, accessKeyId = '', , region = '', service = '', signedList = '', signature = ''] = match;
  const key = lookup(accessKeyId);
  if (!key) {
    return {
      ok: false,
      failure: 'UnrecognizedClient',
      message: 'The security token included in the request is invalid.',
    };
  }
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  const at = Date.parse(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
  if (Number.isNaN(at) || Math.abs(now - at) > MAX_SKEW_MS) {
    return {
      ok: false,
      failure: 'SignatureExpired',
      message: `Signature expired: ${amzDate} is now earlier or later than the allowed 5 minutes.`,
    };
  }
  const signedHeaders = signedList.split(';');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = request.headers[name];
    headers[name] = Array.isArray(value) ? value.join(',') : String(value ?? '');
  }
  const [path = '/', rawQuery = ''] = request.url.split('?', 2);
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQuery)) query[k] = v;
  const signer = new SignatureV4({
    service,
    region,
    sha256: Sha256,
    // DynamoDB and SES sign without an x-amz-content-sha256 header; don't add one.
    applyChecksum: false,
    credentials: { accessKeyId, secretAccessKey: key.secretAccessKey },
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: headers.host ?? '',
      path,
      query,
      headers,
      body: request.body,
    },
    { signingDate: new Date(at), signableHeaders: new Set(signedHeaders) },
  );
  const expected = AUTH.exec(String(signed.headers.authorization ?? ''))?.[6];
  if (expected !== signature) {
    return {
      ok: false,
      failure: 'InvalidSignature',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    };
  }
  return { ok: true, principal: key.principal, accessKeyId };
}
