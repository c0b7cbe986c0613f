import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { incompleteBody, S3Error, signatureDoesNotMatch } from './s3-error';
import { EMPTY_SHA256, hmacHex, signaturesEqual } from './sigv4';

/** What chunk and trailer signatures chain from (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]). */
export interface ChunkSigning {
  signingKey: Uint8Array;
  amzDate: string;
  scope: string;
  seedSignature: string;
}

export interface AwsChunkedOptions {
  /** Present for the signed variants: every chunk's signature is verified. */
  signing?: ChunkSigning;
  /** `x-amz-decoded-content-length`, when sent. */
  decodedLength?: number;
}

const MAX_LINE = 4096;
const MAX_CHUNK = 64 * 1024 * 1024;
const CRLF = Buffer.from('\r\n');

export function chunkStringToSign(
  signing: ChunkSigning,
  previousSignature: string,
  chunkSha256Hex: string,
): string {
  return [
    'AWS4-HMAC-SHA256-PAYLOAD',
    signing.amzDate,
    signing.scope,
    previousSignature,
    EMPTY_SHA256,
    chunkSha256Hex,
  ].join('\n');
}

/** `canonicalTrailer` is `name:value\n` for each trailing header, signature excluded. */
export function trailerStringToSign(
  signing: ChunkSigning,
  previousSignature: string,
  canonicalTrailer: string,
): string {
  const hash = createHash('sha256').update(canonicalTrailer).digest('hex');
  return ['AWS4-HMAC-SHA256-TRAILER', signing.amzDate, signing.scope, previousSignature, hash].join('\n');
}

type State = 'size' | 'data' | 'data-end' | 'trailer' | 'done';

/**
 * Decodes an `aws-chunked` body (what the SDK sends for streaming uploads) into the plain object
 * bytes, which s3rver needs (it would store the framing verbatim). Checks chunk signatures when the
 * payload is signed, and collects the trailing headers (e.g. `x-amz-checksum-crc32`) for the
 * integrity check that follows.
 */
export class AwsChunkedDecoder extends Transform {
  readonly trailers = new Map<string, string>();
  private state: State = 'size';
  private carry = Buffer.alloc(0);
  private remaining = 0;
  private decoded = 0;
  private chunkHash: Hash | undefined;
  private chunkSignature: string | undefined;
  private previousSignature: string | undefined;
  private readonly trailerLines: string[] = [];

  constructor(private readonly options: AwsChunkedOptions) {
    super();
    this.previousSignature = options.signing?.seedSignature;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.consume(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.state !== 'done') {
      callback(incompleteBody());
      return;
    }
    if (this.options.decodedLength !== undefined && this.decoded !== this.options.decodedLength) {
      callback(
        incompleteBody(
          'You did not provide the number of bytes specified by the x-amz-decoded-content-length header.',
        ),
      );
      return;
    }
    callback();
  }

  private consume(input: Buffer): void {
    const buf = this.carry.length > 0 ? Buffer.concat([this.carry, input]) : input;
    this.carry = Buffer.alloc(0);
    let pos = 0;
    while (pos < buf.length) {
      if (this.state === 'data') {
        const n = Math.min(this.remaining, buf.length - pos);
        const piece = buf.subarray(pos, pos + n);
        this.chunkHash?.update(piece);
        this.decoded += n;
        if (this.options.decodedLength !== undefined && this.decoded > this.options.decodedLength) {
          throw incompleteBody('The body is longer than x-amz-decoded-content-length.');
        }
        this.push(piece);
        this.remaining -= n;
        pos += n;
        if (this.remaining === 0) {
          this.verifyChunk();
          this.state = 'data-end';
        }
        continue;
      }
      if (this.state === 'data-end') {
        if (buf.length - pos < 2) break;
        if (!buf.subarray(pos, pos + 2).equals(CRLF)) throw malformed('a chunk is not followed by CRLF');
        pos += 2;
        this.state = 'size';
        continue;
      }
      if (this.state === 'done') {
        throw malformed('data after the last chunk');
      }
      const eol = buf.indexOf(CRLF, pos);
      if (eol < 0) {
        if (buf.length - pos > MAX_LINE) throw malformed('chunk header line too long');
        break;
      }
      const line = buf.toString('latin1', pos, eol);
      pos = eol + 2;
      if (this.state === 'size') this.startChunk(line);
      else if (line === '') this.finishTrailer();
      else this.trailerLines.push(line);
    }
    if (pos < buf.length) this.carry = Buffer.from(buf.subarray(pos));
  }

  private startChunk(line: string): void {
    const [sizeHex = '', ...extensions] = line.split(';');
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeHex.trim())) throw malformed(`bad chunk size '${sizeHex}'`);
    const size = Number.parseInt(sizeHex, 16);
    if (size > MAX_CHUNK) throw malformed('chunk too large');
    const signatureExt = extensions.find((e) => e.trim().startsWith('chunk-signature='));
    this.chunkSignature = signatureExt?.trim().slice('chunk-signature='.length);
    if (this.options.signing && !this.chunkSignature) {
      throw new S3Error('IncompleteSignature', 'A chunk is missing its chunk-signature.', 400);
    }
    this.chunkHash = this.options.signing ? createHash('sha256') : undefined;
    if (size === 0) {
      this.verifyChunk();
      this.state = 'trailer';
      return;
    }
    this.remaining = size;
    this.state = 'data';
  }

  private verifyChunk(): void {
    const signing = this.options.signing;
    if (!signing || !this.chunkHash || this.previousSignature === undefined) return;
    const expected = hmacHex(
      signing.signingKey,
      chunkStringToSign(signing, this.previousSignature, this.chunkHash.digest('hex')),
    );
    if (!signaturesEqual(expected, this.chunkSignature ?? '')) throw signatureDoesNotMatch();
    this.previousSignature = expected;
  }

  private finishTrailer(): void {
    let trailerSignature: string | undefined;
    const canonical: string[] = [];
    for (const line of this.trailerLines) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw malformed(`bad trailing header '${line}'`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'x-amz-trailer-signature') {
        trailerSignature = value;
        continue;
      }
      this.trailers.set(name, value);
      canonical.push(`${name}:${value}\n`);
    }
    const signing = this.options.signing;
    if (signing && trailerSignature !== undefined && this.previousSignature !== undefined) {
      const expected = hmacHex(
        signing.signingKey,
        trailerStringToSign(signing, this.previousSignature, canonical.join('')),
      );
      if (!signaturesEqual(expected, trailerSignature)) throw signatureDoesNotMatch();
    } else if (signing && canonical.length > 0) {
      throw new S3Error('IncompleteSignature', 'Signed trailing headers need x-amz-trailer-signature.', 400);
    }
    this.state = 'done';
  }
}

function malformed(detail: string): S3Error {
  return new S3Error('InvalidChunkSizeError', `Malformed aws-chunked body: ${detail}.`, 400);
}
