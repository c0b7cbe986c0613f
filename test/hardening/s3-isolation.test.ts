/**
 * S3 isolation on both buckets, with the SDK and identity-pool credentials exactly as the web app
 * gets them: another user's prefix (read, write, list, delete, head, copy, multipart, batch delete),
 * presigned URLs, anonymous access, and path traversal / encoding tricks sent byte for byte.
 * In S3 a key is literal: `private/B/../A/x` is an odd key inside B's prefix, never A's object.
 */
import { privateFileKey, uploadKey } from '@app/images/s3-keys';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser, type TestUser } from '../support/users';
import { identityS3 } from './support/fixtures';
import { type RawCredentials, rawS3 } from './support/raw-s3';
import { Checks } from './support/tally';

const stack = inject('stack');
const SECRET = 'alice-secret-content';

interface Party {
  user: TestUser;
  s3: S3Client;
  raw: RawCredentials;
}

let alice: Party;
let bob: Party;

async function party(): Promise<Party> {
  const user = await createUser(stack);
  const { s3, credentials } = identityS3(stack, user);
  return { user, s3, raw: await credentials() };
}

async function status(promise: Promise<unknown>): Promise<number> {
  return promise.then(
    () => 200,
    (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode ?? -1,
  );
}

async function readAs(who: Party, Bucket: string, Key: string): Promise<string> {
  const got = await who.s3.send(new GetObjectCommand({ Bucket, Key }));
  return (await got.Body?.transformToString()) ?? '';
}

const buckets = () => [
  {
    name: 'files',
    bucket: stack.buckets.files,
    key: (u: TestUser, n: string) => privateFileKey(u.userId, n),
    top: 'private',
  },
  {
    name: 'media',
    bucket: stack.buckets.media,
    key: (u: TestUser, n: string) => uploadKey(u.userId, n),
    top: 'uploads',
  },
];

beforeAll(async () => {
  [alice, bob] = await Promise.all([party(), party()]);
  for (const b of buckets()) {
    await alice.s3.send(
      new PutObjectCommand({ Bucket: b.bucket, Key: b.key(alice.user, 'secret.txt'), Body: SECRET }),
    );
  }
});

describe('S3 isolation', () => {
  for (const name of ['files', 'media']) {
    it(`${name} bucket: another user's prefix is closed to the SDK, presigned URLs and anonymous callers`, async () => {
      const b = buckets().find((x) => x.name === name) as ReturnType<typeof buckets>[number];
      const checks = new Checks('s3 isolation');
      const Bucket = b.bucket;
      const aliceKey = b.key(alice.user, 'secret.txt');
      const bobKey = b.key(bob.user, 'mine.txt');
      const alicePrefix = `${b.top}/${alice.user.userId}/`;
      await bob.s3.send(new PutObjectCommand({ Bucket, Key: bobKey, Body: 'bob' }));

      const denied = async (what: string, op: Promise<unknown>) =>
        checks.check(`${name}: B ${what}`, async () => expect(await status(op)).toBe(403));
      await denied('GetObject A', bob.s3.send(new GetObjectCommand({ Bucket, Key: aliceKey })));
      await denied('HeadObject A', bob.s3.send(new HeadObjectCommand({ Bucket, Key: aliceKey })));
      await denied('PutObject A', bob.s3.send(new PutObjectCommand({ Bucket, Key: aliceKey, Body: 'evil' })));
      await denied('DeleteObject A', bob.s3.send(new DeleteObjectCommand({ Bucket, Key: aliceKey })));
      await denied(
        'ListObjectsV2 A prefix',
        bob.s3.send(new ListObjectsV2Command({ Bucket, Prefix: alicePrefix })),
      );
      await denied('ListObjectsV2 whole bucket', bob.s3.send(new ListObjectsV2Command({ Bucket })));
      await denied(
        'ListObjectsV2 prefix "<top>/"',
        bob.s3.send(new ListObjectsV2Command({ Bucket, Prefix: `${b.top}/` })),
      );
      await denied(
        'CopyObject from A into own prefix',
        bob.s3.send(
          new CopyObjectCommand({
            Bucket,
            Key: b.key(bob.user, 'stolen.txt'),
            CopySource: `${Bucket}/${aliceKey}`,
          }),
        ),
      );
      await denied(
        'CopyObject from own prefix onto A',
        bob.s3.send(new CopyObjectCommand({ Bucket, Key: aliceKey, CopySource: `${Bucket}/${bobKey}` })),
      );
      await denied(
        'CreateMultipartUpload into A',
        bob.s3.send(new CreateMultipartUploadCommand({ Bucket, Key: b.key(alice.user, 'planted.bin') })),
      );
      await checks.check(
        `${name}: B DeleteObjects [A's key] reports an error per key, deletes nothing`,
        async () => {
          const res = await bob.s3.send(
            new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: aliceKey }, { Key: bobKey }] } }),
          );
          expect(res.Errors?.map((e) => e.Key)).toEqual([aliceKey]);
        },
      );
      await checks.check(`${name}: multipart upload in one's own prefix works (control)`, async () => {
        const Key = b.key(bob.user, 'multi.bin');
        const { UploadId } = await bob.s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
        const part = await bob.s3.send(
          new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: 'part-one' }),
        );
        await bob.s3.send(
          new CompleteMultipartUploadCommand({
            Bucket,
            Key,
            UploadId,
            MultipartUpload: { Parts: [{ ETag: part.ETag, PartNumber: 1 }] },
          }),
        );
        expect(await readAs(bob, Bucket, Key)).toBe('part-one');
      });
      await checks.check(`${name}: presigned GET by B for A's key → 403`, async () => {
        const url = await getSignedUrl(bob.s3, new GetObjectCommand({ Bucket, Key: aliceKey }), {
          expiresIn: 60,
        });
        expect((await fetch(url)).status).toBe(403);
      });
      await checks.check(`${name}: presigned PUT by B onto A's key → 403`, async () => {
        const url = await getSignedUrl(bob.s3, new PutObjectCommand({ Bucket, Key: aliceKey }), {
          expiresIn: 60,
        });
        expect((await fetch(url, { method: 'PUT', body: 'evil' })).status).toBe(403);
      });
      await checks.check(
        `${name}: A's presigned GET works (control), and a rewritten path breaks it`,
        async () => {
          const url = await getSignedUrl(alice.s3, new GetObjectCommand({ Bucket, Key: aliceKey }), {
            expiresIn: 60,
          });
          const ok = await fetch(url);
          expect(ok.status).toBe(200);
          expect(await ok.text()).toBe(SECRET);
          const rewritten = url.replace(
            encodeURIComponent(alice.user.userId),
            encodeURIComponent(bob.user.userId),
          );
          expect(rewritten).not.toBe(url);
          expect((await fetch(rewritten)).status).toBe(403);
        },
      );
      const base = `${stack.s3Endpoint}/${Bucket}`;
      await checks.check(`${name}: anonymous GET of A's key → 403`, async () => {
        expect((await fetch(`${base}/${aliceKey}`)).status).toBe(403);
      });
      await checks.check(`${name}: anonymous list → 403`, async () => {
        expect((await fetch(`${base}?list-type=2`)).status).toBe(403);
      });
      await checks.check(`${name}: anonymous PUT into A's prefix → 403`, async () => {
        expect(
          (await fetch(`${base}/${b.key(alice.user, 'anon.txt')}`, { method: 'PUT', body: 'x' })).status,
        ).toBe(403);
      });

      // Traversal and encoding tricks, signed by B for the path exactly as sent.
      const own = `/${Bucket}/${b.top}/${bob.user.userId}`;
      const target = `${alice.user.userId}/secret.txt`;
      const tricks = [
        `${own}/../${target}`,
        `${own}/./../${target}`,
        `${own}/%2e%2e/${target}`,
        `${own}/%2E%2E/${target}`,
        `${own}/..%2F${target}`,
        `${own}%2F..%2F${target}`,
        `${own}/..%2f..%2f${b.top}/${target}`,
      ];
      for (const path of tricks) {
        await checks.check(
          `${name}: B GET ${path.slice(Bucket.length + 2)} does not read A's object`,
          async () => {
            const res = await rawS3(stack.s3Endpoint, stack.region, bob.raw, 'GET', path);
            expect(res.body).not.toContain(SECRET);
          },
        );
        await checks.check(
          `${name}: B PUT ${path.slice(Bucket.length + 2)} does not overwrite A's object`,
          async () => {
            await rawS3(stack.s3Endpoint, stack.region, bob.raw, 'PUT', path, 'evil');
            expect(await readAs(alice, Bucket, aliceKey)).toBe(SECRET);
          },
        );
        await checks.check(
          `${name}: B DELETE ${path.slice(Bucket.length + 2)} does not delete A's object`,
          async () => {
            await rawS3(stack.s3Endpoint, stack.region, bob.raw, 'DELETE', path);
            expect(await readAs(alice, Bucket, aliceKey)).toBe(SECRET);
          },
        );
      }
      await checks.check(`${name}: A's object intact after everything`, async () => {
        expect(await readAs(alice, Bucket, aliceKey)).toBe(SECRET);
      });
      checks.assertAllPassed();
    });
  }

  it('anonymous callers and users cannot reach uploads or private files through thumbnails/', async () => {
    const checks = new Checks('s3 isolation');
    const media = stack.buckets.media;
    const files = stack.buckets.files;
    const upload = uploadKey(alice.user.userId, 'secret.txt');
    const anonymous = [
      `/${media}/thumbnails/../${upload}`,
      `/${media}/thumbnails/%2e%2e/${upload}`,
      `/${media}/thumbnails/..%2F${upload}`,
      `/${media}/thumbnails%2F..%2F${upload}`,
      `/${media}/thumbnails/../../${files}/${privateFileKey(alice.user.userId, 'secret.txt')}`,
      `/${media}/thumbnails/%2e%2e/%2e%2e/${files}/${privateFileKey(alice.user.userId, 'secret.txt')}`,
    ];
    for (const path of anonymous) {
      await checks.check(`anonymous GET ${path}`, async () => {
        const res = await rawS3(stack.s3Endpoint, stack.region, undefined, 'GET', path);
        expect(res.body).not.toContain(SECRET);
        expect(res.status).not.toBe(200);
      });
    }
    const planted = `thumbnails/${bob.user.userId}/planted-w320.webp`;
    for (const path of [
      `/${media}/uploads/${bob.user.userId}/../../${planted}`,
      `/${media}/uploads/${bob.user.userId}/%2e%2e/%2e%2e/${planted}`,
      `/${media}/uploads/${bob.user.userId}/..%2F..%2F${planted}`,
    ]) {
      await checks.check(`B PUT ${path} plants nothing under thumbnails/`, async () => {
        await rawS3(stack.s3Endpoint, stack.region, bob.raw, 'PUT', path, 'evil');
        const res = await rawS3(stack.s3Endpoint, stack.region, undefined, 'GET', `/${media}/${planted}`);
        expect(res.body).not.toBe('evil');
      });
    }
    checks.assertAllPassed();
  });
});
