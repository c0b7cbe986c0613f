import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uploadKey } from '@app/images/s3-keys';
import { pngHeaderOnly } from '@app/images/test-fixtures';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';
import sharp from 'sharp';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiClient } from '../support/api';
import { storageClient } from '../support/aws';
import { createUser, type TestUser } from '../support/users';

const stack = inject('stack');
const api = apiClient(stack);

interface ImageStatus {
  key: string;
  status: 'pending' | 'ready' | 'failed';
  thumbnails: { w320: string | null; w1280: string | null };
  reason: string | null;
}

/** Public URL of a media key (each path segment encoded, as a browser would). */
function publicUrl(key: string) {
  return `${stack.mediaPublicUrl}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Left half red, right half blue, stored landscape with EXIF orientation 6 (display: rotate 90° clockwise). */
function orientedJpeg(width = 1600, height = 1200, colours = { left: '#ff0000', right: '#0000ff' }) {
  return sharp({ create: { width, height, channels: 3, background: colours.right } })
    .composite([
      {
        input: { create: { width: width / 2, height, channels: 3, background: colours.left } },
        left: 0,
        top: 0,
      },
    ])
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

async function pixel(image: Buffer, x: number, y: number) {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const offset = (y * info.width + x) * info.channels;
  return { r: data[offset] as number, g: data[offset + 1] as number, b: data[offset + 2] as number };
}

/** Lines of the Lambda log (serverless-offline's output) with `message` about `key`. */
function lambdaLog(message: string, key: string): string[] {
  const log = readFileSync(join(stack.logsDir, 'offline.log'), 'utf8');
  return log.split('\n').filter((line) => line.includes(message) && line.includes(`"key":"${key}"`));
}

/** The raw storage behind the checking S3 gateway, to count objects (nobody may list the media bucket). */
const storage = storageClient(stack);
/** The media bucket through the checking S3 gateway, as the deployer (who may read thumbnails/). */
const bucket = new S3Client({
  endpoint: stack.s3Endpoint,
  forcePathStyle: true,
  region: stack.region,
  credentials: stack.deployerCredentials,
  maxAttempts: 1,
});

async function storedKeys(prefix: string): Promise<string[]> {
  const res = await storage.send(new ListObjectsV2Command({ Bucket: stack.buckets.media, Prefix: prefix }));
  return (res.Contents ?? []).map((o) => o.Key as string).sort();
}

describe('thumbnails through the real stack', () => {
  let author: TestUser;
  let s3: S3Client;
  let userId: string;
  let imageStatus: (key: string) => Promise<ImageStatus>;

  async function upload(name: string, body: Buffer | string, contentType = 'image/jpeg') {
    const Key = uploadKey(userId, name);
    await s3.send(
      new PutObjectCommand({ Bucket: stack.buckets.media, Key, Body: body, ContentType: contentType }),
    );
    return Key;
  }

  beforeAll(async () => {
    author = await createUser(stack);
    const credentials = fromCognitoIdentityPool({
      identityPoolId: stack.identityPoolId,
      logins: { [`cognito-idp.${stack.region}.amazonaws.com/${stack.userPoolId}`]: author.idToken },
      clientConfig: { region: stack.region, endpoint: stack.cognitoIdentityEndpoint },
    });
    userId = author.userId;
    s3 = new S3Client({
      endpoint: stack.s3Endpoint,
      forcePathStyle: true,
      region: stack.region,
      credentials,
    });
    imageStatus = async (key) => {
      const res = await api<ImageStatus>('GET', `/media/status?key=${encodeURIComponent(key)}`, {
        token: author.accessToken,
      });
      expect(res.status, res.text).toBe(200);
      return res.body;
    };
  });

  it('makes a 320 px WebP of a 1600×1200 JPEG, upright (EXIF orientation 6), public and immutable', async () => {
    const key = await upload('photo.jpg', await orientedJpeg());
    const thumbKey = `thumbnails/${userId}/photo.jpg-w320.webp`;

    const response = await waitFor('the w320 thumbnail', async () => {
      const res = await fetch(publicUrl(thumbKey));
      return res.status === 200 ? res : undefined;
    });

    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const webp = Buffer.from(await response.arrayBuffer());
    const meta = await sharp(webp).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 320, height: 427 });
    // Orientation 6 turns the image clockwise: the red left half ends up on top.
    const top = await pixel(webp, 160, 30);
    const bottom = await pixel(webp, 160, 400);
    expect(top.r).toBeGreaterThan(200);
    expect(top.b).toBeLessThan(60);
    expect(bottom.b).toBeGreaterThan(200);
    expect(bottom.r).toBeLessThan(60);

    // The status turns ready once every width is written.
    const status = await waitFor('status ready', async () => {
      const s = await imageStatus(key);
      return s.status === 'ready' ? s : undefined;
    });
    const large = await fetch(publicUrl(`thumbnails/${userId}/photo.jpg-w1280.webp`));
    expect(large.status).toBe(200);
    // Upright the photo is 1200 px wide: never enlarged, but still named w1280.
    expect(await sharp(Buffer.from(await large.arrayBuffer())).metadata()).toMatchObject({
      width: 1200,
      height: 1600,
    });

    expect(status).toEqual({
      key,
      status: 'ready',
      thumbnails: { w320: thumbKey, w1280: `thumbnails/${userId}/photo.jpg-w1280.webp` },
      reason: null,
    });
  });

  it('handles names with spaces and plus signs (URL-encoded in the S3 event)', async () => {
    const key = await upload('summer trip + friends.jpg', await orientedJpeg(800, 600));
    // The status turns ready after every width is written.
    await waitFor('status ready', async () =>
      (await imageStatus(key)).status === 'ready' ? true : undefined,
    );
    const res = await waitFor('the thumbnail of a name with spaces', async () => {
      const r = await fetch(publicUrl(`thumbnails/${userId}/summer trip + friends.jpg-w320.webp`));
      return r.status === 200 ? r : undefined;
    });
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(await sharp(Buffer.from(await res.arrayBuffer())).metadata()).toMatchObject({
      width: 320,
      height: 427,
    });
  });

  describe('rejected uploads: no thumbnail, status failed with a reason, no retries', () => {
    const truncatedJpeg = async () => (await orientedJpeg()).subarray(0, 3000);
    it.each([
      [
        'corrupt.jpg',
        'a truncated JPEG',
        truncatedJpeg,
        'image/jpeg',
        /decode|corrupt|truncat|premature|unreadable/i,
      ],
      [
        'garbage.jpg',
        'random bytes',
        async () => Buffer.from('42'.repeat(4096), 'hex'),
        'image/jpeg',
        /not a recognised image/i,
      ],
      ['empty.jpg', 'zero bytes', async () => Buffer.alloc(0), 'image/jpeg', /no bytes/i],
      [
        'notes.jpg',
        'a text file named .jpg',
        async () => Buffer.from('Dear diary, today I uploaded a text file.\n'),
        'image/jpeg',
        /not a recognised image/i,
      ],
      [
        'readme.jpg',
        'a text file sent as text/plain',
        async () => Buffer.from('plain text'),
        'text/plain',
        /text\/plain/,
      ],
      [
        'bomb.png',
        'a PNG header claiming 50000×50000',
        async () => pngHeaderOnly(50_000, 50_000),
        'image/png',
        /50000×50000/,
      ],
    ])('%s (%s)', async (name, _what, bytes, contentType, reasonPattern) => {
      const key = await upload(name, await bytes(), contentType);
      const status = await waitFor(`status failed for ${name}`, async () => {
        const s = await imageStatus(key);
        return s.status === 'failed' ? s : undefined;
      });
      expect(status.thumbnails).toEqual({ w320: null, w1280: null });
      expect(status.reason).toMatch(reasonPattern);
      // Give a (wrong) retry time to show up before checking nothing was written.
      await new Promise((r) => setTimeout(r, 1500));
      expect(await storedKeys(`thumbnails/${userId}/${name}-`)).toEqual([]);
      expect((await fetch(publicUrl(`thumbnails/${userId}/${name}-w320.webp`))).status).not.toBe(200);
      expect(lambdaLog('"image rejected"', key)).toHaveLength(1);
    });
  });

  it('re-uploading the same key keeps one set of thumbnails, ready, showing the new image', async () => {
    const key = await upload('again.jpg', await orientedJpeg(1600, 1200));
    const prefix = `thumbnails/${userId}/again.jpg-`;
    await waitFor('first thumbnails', async () =>
      (await imageStatus(key)).status === 'ready' ? true : undefined,
    );
    const before = await storedKeys(prefix);
    expect(before).toEqual([`${prefix}w1280.webp`, `${prefix}w320.webp`]);

    // Same bytes again (a re-delivery or a double upload): recognised by the ETag, nothing redone.
    await upload('again.jpg', await orientedJpeg(1600, 1200));
    await waitFor('the unchanged verdict', async () =>
      lambdaLog('"upload processed"', key).some((line) => line.includes('"result":"unchanged"'))
        ? true
        : undefined,
    );
    // New bytes (green/yellow): the same keys now hold the new image.
    await upload('again.jpg', await orientedJpeg(1600, 1200, { left: '#00ff00', right: '#ffff00' }));
    // Read from the bucket itself: the public URL is the edge, which (like CloudFront) keeps serving
    // the first image from its cache until the entry expires or is invalidated. The read goes through
    // the S3 gateway (which makes overwrites atomic, as S3 does): a read that overlaps the rewrite gets
    // the old or the new thumbnail whole, and a failed or torn read fails the test.
    const webp = await waitFor('the new thumbnail', async () => {
      const res = await bucket.send(
        new GetObjectCommand({ Bucket: stack.buckets.media, Key: `${prefix}w320.webp` }),
      );
      const body = Buffer.from((await res.Body?.transformToByteArray()) ?? []);
      expect(body.length).toBe(res.ContentLength);
      return (await pixel(body, 160, 30)).g > 200 ? body : undefined;
    });
    expect((await sharp(webp).metadata()).width).toBe(320);
    expect(await storedKeys(prefix)).toEqual(before);
    expect((await imageStatus(key)).status).toBe('ready');
  });

  // Regression (issue 11): thumbnails were named by the stem, so good.png (rejected) and good.jpg
  // shared good-w320.webp and the status of one showed the other's thumbnail.
  it('two uploads differing only in extension get their own thumbnails and statuses', async () => {
    const png = await upload('good.png', Buffer.from('not an image at all'), 'image/png');
    const jpg = await upload('good.jpg', await orientedJpeg(800, 600));
    const failed = await waitFor('good.png failed', async () => {
      const s = await imageStatus(png);
      return s.status === 'failed' ? s : undefined;
    });
    const ready = await waitFor('good.jpg ready', async () => {
      const s = await imageStatus(jpg);
      return s.status === 'ready' ? s : undefined;
    });
    expect(failed.thumbnails).toEqual({ w320: null, w1280: null });
    expect(ready.thumbnails.w320).toBe(`thumbnails/${userId}/good.jpg-w320.webp`);
    expect(await storedKeys(`thumbnails/${userId}/good.`)).toEqual([
      `thumbnails/${userId}/good.jpg-w1280.webp`,
      `thumbnails/${userId}/good.jpg-w320.webp`,
    ]);
  });

  it('the status route: 401 anonymous, 400 for a key outside uploads/, pending for an unknown upload', async () => {
    expect((await api('GET', `/media/status?key=uploads/${userId}/x.jpg`)).status).toBe(401);
    for (const bad of ['thumbnails/a/b.webp', 'uploads/only-one-segment', '']) {
      const res = await api<{ error: { code: string } }>(
        'GET',
        `/media/status?key=${encodeURIComponent(bad)}`,
        {
          token: author.accessToken,
        },
      );
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const unknown = await imageStatus(`uploads/${userId}/never-uploaded.jpg`);
    expect(unknown).toMatchObject({
      status: 'pending',
      thumbnails: { w320: null, w1280: null },
      reason: null,
    });
  });

  it('a user cannot upload into another user’s prefix', async () => {
    const other = `uploads/00000000-0000-4000-8000-000000000000/photo.jpg`;
    const result = await s3
      .send(
        new PutObjectCommand({ Bucket: stack.buckets.media, Key: other, Body: await orientedJpeg(800, 600) }),
      )
      .then(
        () => 200,
        (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode,
      );
    expect(result).toBe(403);
  });
});
