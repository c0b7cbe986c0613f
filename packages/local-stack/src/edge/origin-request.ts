import { randomBytes } from 'node:crypto';
import { type IncomingHttpHeaders, request } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Behavior, Origin } from './distribution';
import type { ParameterList } from './policies';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** What the edge knows of a viewer request after its viewer-request function ran. */
export interface EdgeRequest {
  method: string;
  /** Percent-encoded path, as the viewer sent it (or the function rewrote it). */
  uri: string;
  /** Decoded-name → raw (still encoded) values. */
  query: [string, string][];
  /** Lower-case names. */
  headers: Record<string, string>;
  cookies: [string, string][];
  body?: Buffer;
  viewerIp: string;
}

export interface OriginResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface OriginEndpoints {
  /** serverless-offline's HTTP API. */
  api: string;
  /** The checking S3 gateway (path-style). */
  s3: string;
  region: string;
  /** The distribution's OAC signing identity: SigV4 as the `cloudfront.amazonaws.com` principal. */
  oacCredentials: { accessKeyId: string; secretAccessKey: string };
  via: string;
}

/** Is `name` selected by the list? (Compared case-insensitively: a simplification for query and cookie names.) */
export function selects(list: ParameterList | undefined, name: string): boolean {
  if (!list) return false;
  switch (list.behavior) {
    case 'all':
    case 'allViewer':
    case 'allViewerAndWhitelistCloudFront':
      return true;
    case 'whitelist':
      return list.names.includes(name.toLowerCase());
    case 'allExcept':
      return !list.names.includes(name.toLowerCase());
    default:
      return false;
  }
}

/** Headers CloudFront never forwards from the viewer (it sets its own or drops them). */
const NEVER_FORWARDED = new Set([
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'te',
  'proxy-connection',
  'expect',
  'accept-encoding',
  'content-length',
  'x-forwarded-for',
  'via',
]);

/** The origin-facing request: what the cache policy and origin request policy forward, nothing else. */
export function forwardedParts(behavior: Behavior, req: EdgeRequest) {
  const cp = behavior.cachePolicy;
  const orp = behavior.originRequestPolicy;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (NEVER_FORWARDED.has(name) || name === 'cookie') continue;
    if (selects(cp.headers, name) || selects(orp?.headers, name)) headers[name] = value;
  }
  const query = req.query.filter(
    ([name]) => selects(cp.queryStrings, name) || selects(orp?.queryStrings, name),
  );
  const cookies = req.cookies.filter(([name]) => selects(cp.cookies, name) || selects(orp?.cookies, name));
  if (cookies.length > 0) headers.cookie = cookies.map(([n, v]) => `${n}=${v}`).join('; ');
  return { headers, query };
}

function queryString(query: [string, string][]): string {
  return query
    .map(([n, v]) => (v === '' ? encodeURIComponent(n) : `${encodeURIComponent(n)}=${v}`))
    .join('&');
}

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<OriginResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error('origin timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/** One origin fetch for a behaviour, as CloudFront would send it. */
export async function fetchFromOrigin(
  endpoints: OriginEndpoints,
  origin: Origin,
  behavior: Behavior,
  req: EdgeRequest,
  extraHeaders: Record<string, string> = {},
): Promise<OriginResponse> {
  const { headers, query } = forwardedParts(behavior, req);
  Object.assign(headers, origin.customHeaders, extraHeaders);
  headers['x-amz-cf-id'] = randomBytes(24).toString('base64url');
  headers.via = endpoints.via;
  const path = `${origin.originPath}${req.uri}`;
  const qs = queryString(query);

  if (origin.target.kind === 'api') {
    const url = new URL(`${endpoints.api}${path}${qs ? `?${qs}` : ''}`);
    headers.host = url.host;
    headers['user-agent'] ??= 'Amazon CloudFront';
    headers['x-forwarded-for'] = req.viewerIp;
    if (req.body && req.body.length > 0) headers['content-length'] = String(req.body.length);
    return send(url, req.method, headers, req.body);
  }

  // S3 origin: path-style on the local S3, signed as the distribution when it uses OAC.
  const url = new URL(`${endpoints.s3}/${origin.target.bucket}${path}${qs ? `?${qs}` : ''}`);
  headers.host = url.host;
  headers['user-agent'] ??= 'Amazon CloudFront';
  if (!origin.target.oac) return send(url, req.method, headers);
  const signer = new SignatureV4({
    service: 's3',
    region: endpoints.region,
    credentials: endpoints.oacCredentials,
    sha256: Sha256,
    uriEscapePath: false,
  });
  headers['x-amz-content-sha256'] = EMPTY_SHA256;
  const signed = await signer.sign({
    method: req.method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: Object.fromEntries(query.map(([n, v]) => [n, decodeURIComponent(v)])),
    headers,
  });
  return send(url, req.method, signed.headers as Record<string, string>);
}
