import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';
import { S3Error } from './s3-error';

export type ChecksumAlgorithm = 'crc32' | 'sha1' | 'sha256';

/** The `x-amz-checksum-*` algorithms this gateway can recompute (CRC32C and CRC64NVME need native code). */
export function checksumAlgorithmOf(headerName: string): ChecksumAlgorithm | undefined {
  const match = /^x-amz-checksum-(crc32|sha1|sha256)$/.exec(headerName.toLowerCase());
  return match?.[1] as ChecksumAlgorithm | undefined;
}

class ChecksumAccumulator {
  private crc = 0;
  private readonly hash: Hash | undefined;

  constructor(readonly algorithm: ChecksumAlgorithm) {
    this.hash = algorithm === 'crc32' ? undefined : createHash(algorithm);
  }

  update(data: Buffer): void {
    if (this.hash) this.hash.update(data);
    else this.crc = crc32(data, this.crc);
  }

  digestBase64(): string {
    if (this.hash) return this.hash.digest('base64');
    const out = Buffer.alloc(4);
    out.writeUInt32BE(this.crc >>> 0);
    return out.toString('base64');
  }
}

export interface IntegrityChecks {
  /** The hex SHA-256 the client signed as its payload hash. */
  sha256Hex?: string;
  /** A flexible checksum, from a header or (read at the end) from an aws-chunked trailer. */
  checksum?: { algorithm: ChecksumAlgorithm; expected: () => string | undefined };
}

/**
 * Passes the body through while hashing it and fails at the end when the payload hash or the flexible
 * checksum differs (AWS: XAmzContentSHA256Mismatch / BadDigest).
 */
export class IntegrityCheck extends Transform {
  private readonly sha256: Hash | undefined;
  private readonly checksum: ChecksumAccumulator | undefined;

  constructor(private readonly checks: IntegrityChecks) {
    super();
    this.sha256 = checks.sha256Hex ? createHash('sha256') : undefined;
    this.checksum = checks.checksum ? new ChecksumAccumulator(checks.checksum.algorithm) : undefined;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.sha256?.update(chunk);
    this.checksum?.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    callback(this.verify());
  }

  private verify(): S3Error | undefined {
    if (this.sha256 && this.checks.sha256Hex) {
      const computed = this.sha256.digest('hex');
      if (computed !== this.checks.sha256Hex) {
        return new S3Error(
          'XAmzContentSHA256Mismatch',
          "The provided 'x-amz-content-sha256' header does not match what was computed.",
          400,
          { ClientComputedContentSHA256: this.checks.sha256Hex, S3ComputedContentSHA256: computed },
        );
      }
    }
    if (this.checksum && this.checks.checksum) {
      const expected = this.checks.checksum.expected();
      if (expected === undefined) return undefined;
      if (this.checksum.digestBase64() !== expected) {
        const name = this.checksum.algorithm.toUpperCase();
        return new S3Error(
          'BadDigest',
          `The ${name} you specified did not match the calculated checksum.`,
          400,
        );
      }
    }
    return undefined;
  }
}
