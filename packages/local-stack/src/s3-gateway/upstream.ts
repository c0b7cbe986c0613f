import { type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, request } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { KeyLocks } from './key-locks';
import { S3Error } from './s3-error';
import { isQueryAuthParam, type QueryParam } from './sigv4';

/** s3rver's built-in account; it checks that the key exists, not the signature. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
]);

/** Client authentication and aws-chunked framing never reach the upstream: it gets its own signature. */
const CLIENT_ONLY = new Set([
  'host',
  'authorization',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-content-sha256',
  'x-amz-decoded-content-length',
  'x-amz-trailer',
]);

/** A verified body: in memory, or streamed from its spool file. */
export type UpstreamBody = Buffer | Readable | undefined;

export interface UpstreamRequest {
  method: string;
  rawPath: string;
  query: QueryParam[];
  headers: OutgoingHttpHeaders;
}

/** Forwards verified requests to s3rver, signed with s3rver's own credentials. */
export class Upstream {
  /** s3rver does not overwrite atomically: exchanges that read or write an object take its key's lock. */
  readonly locks = new KeyLocks();
  private readonly url: URL;
  private readonly signer: SignatureV4;

  constructor(
    baseUrl: string,
    region: string,
    credentials: { accessKeyId: string; secretAccessKey: string } = S3RVER_CREDENTIALS,
  ) {
    this.url = new URL(baseUrl);
    this.signer = new SignatureV4({
      service: 's3',
      region,
      credentials,
      sha256: Sha256,
      uriEscapePath: false,
    });
  }

  get host(): string {
    return this.url.host;
  }

  /** The query without the presigned-URL auth parameters, kept byte for byte otherwise. */
  static forwardedQuery(query: QueryParam[]): QueryParam[] {
    return query.filter((p) => !isQueryAuthParam(p.key));
  }

  /** Copies end-to-end headers of the client request; the body framing is decided by the caller. */
  static forwardedHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
    const out: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined || HOP_BY_HOP.has(name) || CLIENT_ONLY.has(name)) continue;
      out[name] = value;
    }
    return out;
  }

  async send(upstream: UpstreamRequest, body: UpstreamBody): Promise<IncomingMessage> {
    const query: Record<string, string | string[]> = {};
    for (const { key, value } of upstream.query) {
      const existing = query[key];
      query[key] = existing === undefined ? value : [...[existing].flat(), value];
    }
    const signed = await this.signer.sign({
      method: upstream.method,
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      port: Number(this.url.port),
      path: upstream.rawPath,
      query,
      headers: { host: this.url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    const rawQuery = upstream.query
      .map((p) => (p.rawValue === undefined ? p.rawKey : `${p.rawKey}=${p.rawValue}`))
      .join('&');
    const req = request({
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      port: this.url.port,
      method: upstream.method,
      path: rawQuery ? `${upstream.rawPath}?${rawQuery}` : upstream.rawPath,
      headers: { ...upstream.headers, ...signed.headers },
    });
    const response = new Promise<IncomingMessage>((resolve, reject) => {
      req.once('response', resolve);
      req.on('error', reject);
    });
    if (body === undefined || Buffer.isBuffer(body)) req.end(body);
    else pipeline(body, req).catch((error: unknown) => req.destroy(error as Error));
    try {
      return await response;
    } catch (error) {
      throw new S3Error('ServiceUnavailable', `The local S3 backend is unavailable: ${String(error)}`, 503);
    }
  }
}
