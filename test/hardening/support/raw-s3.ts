import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer | string {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** The SDK's Checksum interface over node:crypto (SHA-256, HMAC when given a secret). */
class Sha256 {
  private readonly hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret ? createHmac('sha256', toBuffer(secret)) : createHash('sha256');
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {}
}

export interface RawCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RawResponse {
  status: number;
  body: string;
}

/**
 * A presigned S3 request on a path sent byte for byte as given — `..`, `%2e%2e`, `..%2F` included.
 * fetch() (WHATWG URL) would resolve dot segments before sending; an attacker's client does not.
 * The signature covers the path as sent, as S3's SigV4 does (no normalisation for S3).
 */
export async function rawS3(
  endpoint: string,
  region: string,
  credentials: RawCredentials | undefined,
  method: string,
  rawPath: string,
  body?: string,
): Promise<RawResponse> {
  const url = new URL(endpoint);
  let path = rawPath;
  if (credentials) {
    const presigner = new S3RequestPresigner({ credentials, region, sha256: Sha256 });
    const signed = await presigner.presign(
      {
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path: rawPath,
        query: {},
        headers: { host: url.host },
      } as never,
      { expiresIn: 300 },
    );
    const query = Object.entries(signed.query as Record<string, string>)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
    path = `${rawPath}?${query}`;
  }
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: body !== undefined ? { 'content-length': Buffer.byteLength(body) } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
