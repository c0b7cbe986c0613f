import { createHash, randomBytes } from 'node:crypto';
import { get as httpGet, type IncomingMessage } from 'node:http';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CredentialStore } from '../identity/credential-store';
import { createS3Gateway } from './index';
import { listenOnRandomPort, type RunningServer, startTestS3rver } from './test-servers';

const region = 'us-east-1';
const DEPLOYER = {
  accessKeyId: 'AKIALOCALDEPLOYER001',
  secretAccessKey: 'local-deployer-secret-000000000000000',
};
/** The deployer may do anything in S3: these tests are about consistency, not policies. */
const credentials: CredentialStore = {
  resolve: (accessKeyId) =>
    accessKeyId === DEPLOYER.accessKeyId
      ? { ok: true, credential: { ...DEPLOYER, principal: { kind: 'deployer' } } }
      : { ok: false, code: 'InvalidAccessKeyId' },
};

const KEY = 'uploads/someone/photo.jpg';
const MiB = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

/** Versions of different sizes and contents; a read must match one of them byte for byte. */
const versions = [3 * MiB, 256 * 1024, 6 * MiB + 123, 1 * MiB + 7].map((size) => randomBytes(size));
const bySha = new Map(versions.map((v) => [sha256(v), v]));
const byEtag = new Map(versions.map((v) => [`"${md5(v)}"`, v]));

let s3rver: RunningServer;
let gateway: RunningServer;
let s3: S3Client;

beforeAll(async () => {
  s3rver = await startTestS3rver([{ name: 'media' }]);
  gateway = await listenOnRandomPort(
    createS3Gateway({
      upstream: s3rver.url,
      region,
      credentials,
      identityPolicies: [],
      lambdaPolicies: {},
      bucketPolicies: {},
    }),
  );
  s3 = new S3Client({
    endpoint: gateway.url,
    forcePathStyle: true,
    region,
    credentials: DEPLOYER,
    maxAttempts: 1,
  });
});

afterAll(async () => {
  s3?.destroy();
  await gateway?.close();
  await s3rver?.close();
});

/** Overwrites KEY with `body` by one of the three ways S3 replaces an object. */
async function overwrite(body: Buffer, how: 'put' | 'copy' | 'multipart'): Promise<void> {
  if (how === 'put') {
    await s3.send(new PutObjectCommand({ Bucket: 'media', Key: KEY, Body: body }));
  } else if (how === 'copy') {
    const source = `sources/${md5(body)}`;
    await s3.send(new PutObjectCommand({ Bucket: 'media', Key: source, Body: body }));
    await s3.send(new CopyObjectCommand({ Bucket: 'media', Key: KEY, CopySource: `media/${source}` }));
  } else {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'media', Key: KEY }));
    const cut = Math.min(5 * MiB, body.length);
    const parts = [body.subarray(0, cut), body.subarray(cut)].filter((p) => p.length > 0);
    const uploaded = await Promise.all(
      parts.map(async (part, i) => {
        const { ETag } = await s3.send(
          new UploadPartCommand({ Bucket: 'media', Key: KEY, UploadId, PartNumber: i + 1, Body: part }),
        );
        return { ETag, PartNumber: i + 1 };
      }),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'media',
        Key: KEY,
        UploadId,
        MultipartUpload: { Parts: uploaded },
      }),
    );
  }
}

/** Reads KEY through the gateway; returns which version it was, or throws on a torn or aborted read. */
async function readOnce(): Promise<number> {
  const res = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: KEY }));
  const bytes = (await res.Body?.transformToByteArray()) ?? new Uint8Array();
  const version = bySha.get(sha256(bytes));
  if (!version) throw new Error(`torn read: ${bytes.length} bytes match no version`);
  if (res.ContentLength !== version.length || res.ETag !== `"${md5(version)}"`) {
    throw new Error(
      `torn read: ${res.ContentLength} bytes, ETag ${res.ETag} with the body of another version`,
    );
  }
  return versions.indexOf(version);
}

async function headOnce(): Promise<void> {
  const res = await s3.send(new HeadObjectCommand({ Bucket: 'media', Key: KEY }));
  const version = res.ETag === undefined ? undefined : byEtag.get(res.ETag);
  if (version?.length !== res.ContentLength) {
    throw new Error(`torn head: ${res.ContentLength} bytes with ETag ${res.ETag}`);
  }
}

describe('S3 gateway: overwrites are atomic, as in S3', () => {
  it('every GET and HEAD during repeated overwrites (PUT, copy, multipart) sees one whole version', async () => {
    await overwrite(versions[0] as Buffer, 'put');
    const ways = ['put', 'put', 'copy', 'put', 'put', 'multipart', 'copy', 'put'] as const;
    let writing = true;
    const seen = new Set<number>();
    const failures: string[] = [];
    let reads = 0;
    const reader = async (head: boolean) => {
      while (writing) {
        reads += 1;
        await (head ? headOnce() : readOnce().then((v) => void seen.add(v))).catch((error: unknown) =>
          failures.push(String(error)),
        );
      }
    };
    const readers = [0, 1, 2, 3, 4, 5].map((i) => reader(i === 5));
    try {
      for (const [i, how] of ways.entries())
        await overwrite(versions[(i + 1) % versions.length] as Buffer, how);
    } finally {
      writing = false;
    }
    await Promise.all(readers);

    expect(failures).toEqual([]);
    // The readers really overlapped the overwrites: they saw several versions.
    expect(seen.size).toBeGreaterThan(1);
    expect(reads).toBeGreaterThan(ways.length);
  });
});

describe('S3 gateway: a reader never holds up a writer', () => {
  it('a GET whose client stops reading, or hangs up mid-body, does not block an overwrite', async () => {
    await overwrite(versions[2] as Buffer, 'put');
    const presigned = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'media', Key: KEY }));
    const open = () =>
      new Promise<IncomingMessage>((resolve, reject) =>
        httpGet(presigned, (res) => resolve(res)).on('error', reject),
      );
    const stalled = await open();
    stalled.pause(); // never read: 6 MiB stay unread
    const hungUp = await open();
    await new Promise((resolve) => hungUp.once('data', resolve));
    hungUp.destroy();

    await overwrite(versions[3] as Buffer, 'put');
    expect(await readOnce()).toBe(3);
    stalled.destroy();
  });
});
