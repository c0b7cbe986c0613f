import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ImageStatusRecord } from './media-repository';
import { type ProcessUploadDeps, processUpload as process } from './process-upload';
import type { UploadHead, UploadStore, UploadUse } from './s3-media-bucket';
import { decodeEventKey } from './upload-key';

// The S3 bucket and the status table are in-memory fakes (no network in unit tests); sharp is real.

const ID = '6a3c1f4e-1b2d-4c5e-9f00-123456789abc';
const KEY = `uploads/${ID}/photo.jpg`;

class MemoryBucket implements UploadStore {
  objects = new Map<string, { body: Buffer; contentType?: string; cacheControl?: string }>();
  failNext?: Error;

  put(key: string, body: Buffer, contentType?: string) {
    this.objects.set(key, { body, contentType });
  }

  async head(key: string): Promise<UploadHead | undefined> {
    if (this.failNext) throw this.failNext;
    const o = this.objects.get(key);
    return o && { etag: etagOf(o.body), size: o.body.length, contentType: o.contentType };
  }

  async get(key: string) {
    const o = this.objects.get(key);
    return o && { body: o.body, etag: etagOf(o.body) };
  }

  async putThumbnail(key: string, body: Buffer, contentType: string) {
    this.objects.set(key, { body, contentType });
  }

  async deleteObjects(keys: readonly string[]) {
    for (const key of keys) this.objects.delete(key);
  }

  tags = new Map<string, UploadUse>();
  async markUse(key: string, use: UploadUse) {
    if (this.objects.has(key)) this.tags.set(key, use);
  }
}

class MemoryStatuses {
  records = new Map<string, ImageStatusRecord>();
  writes = 0;
  async getStatus(key: string) {
    return this.records.get(key);
  }
  async putStatus(record: ImageStatusRecord) {
    this.writes++;
    this.records.set(record.uploadKey, record);
  }
}

function etagOf(body: Buffer) {
  return createHash('md5').update(body).digest('hex');
}

const jpeg = (width = 800, height = 600) =>
  sharp({ create: { width, height, channels: 3, background: 'teal' } })
    .jpeg()
    .toBuffer();

describe('processUpload', () => {
  let bucket: MemoryBucket;
  let statuses: MemoryStatuses;
  let deps: ProcessUploadDeps;
  const processUpload = (key: string) => process(deps, key);

  beforeEach(() => {
    bucket = new MemoryBucket();
    statuses = new MemoryStatuses();
    deps = {
      uploads: bucket,
      media: statuses,
      coverInUse: async () => false,
      now: () => new Date('2025-01-01T00:00:00Z'),
    };
  });

  it('tags an upload no post uses `post=none` (it expires), one a post uses `post=used`', async () => {
    bucket.put(KEY, await jpeg(), 'image/jpeg');
    await processUpload(KEY);
    expect(bucket.tags.get(KEY)).toBe('none');

    const other = `uploads/${ID}/cover.jpg`;
    bucket.put(other, await jpeg(), 'image/jpeg');
    deps.coverInUse = async (key) => key === other;
    await processUpload(other);
    expect(bucket.tags.get(other)).toBe('used');
  });

  it('re-tags `used` when a post took the upload as its cover while it was tagged `none`', async () => {
    bucket.put(KEY, await jpeg(), 'image/jpeg');
    let looks = 0;
    deps.coverInUse = async () => looks++ > 0; // the post is saved between the two looks
    await processUpload(KEY);
    expect(looks).toBe(2);
    expect(bucket.tags.get(KEY)).toBe('used');
  });

  it('tags a rejected image `none` too (nothing will ever show it)', async () => {
    bucket.put(KEY, Buffer.from('not an image'), 'image/jpeg');
    expect(await processUpload(KEY)).toMatchObject({ result: 'failed' });
    expect(bucket.tags.get(KEY)).toBe('none');
  });

  it('writes one WebP per width at the deterministic keys and records ready', async () => {
    bucket.put(KEY, await jpeg(), 'image/jpeg');

    const outcome = await processUpload(KEY);

    const thumbnails = {
      w320: `thumbnails/${ID}/photo.jpg-w320.webp`,
      w1280: `thumbnails/${ID}/photo.jpg-w1280.webp`,
    };
    expect(outcome).toEqual({ result: 'ready', thumbnails });
    expect(bucket.objects.get(thumbnails.w320)?.contentType).toBe('image/webp');
    expect(await sharp(bucket.objects.get(thumbnails.w320)?.body).metadata()).toMatchObject({
      width: 320,
      height: 240,
    });
    expect(await sharp(bucket.objects.get(thumbnails.w1280)?.body).metadata()).toMatchObject({ width: 800 });
    expect(statuses.records.get(KEY)).toEqual({
      uploadKey: KEY,
      status: 'ready',
      thumbnails,
      widths: [320, 1280],
      sourceEtag: etagOf(bucket.objects.get(KEY)?.body as Buffer),
      updatedAt: '2025-01-01T00:00:00.000Z',
    });
  });

  it('skips an upload whose bytes already have a verdict (re-delivered event)', async () => {
    bucket.put(KEY, await jpeg(), 'image/jpeg');
    await processUpload(KEY);
    bucket.objects.delete(`thumbnails/${ID}/photo.jpg-w320.webp`);

    expect(await processUpload(KEY)).toEqual({ result: 'unchanged', status: 'ready' });
    expect(statuses.writes).toBe(1);
    expect(bucket.objects.has(`thumbnails/${ID}/photo.jpg-w320.webp`)).toBe(false);
  });

  it('redoes a key whose bytes changed', async () => {
    bucket.put(KEY, await jpeg(), 'image/jpeg');
    await processUpload(KEY);
    bucket.put(KEY, await jpeg(640, 640), 'image/jpeg');

    expect((await processUpload(KEY)).result).toBe('ready');
    expect(
      await sharp(bucket.objects.get(`thumbnails/${ID}/photo.jpg-w1280.webp`)?.body).metadata(),
    ).toMatchObject({ width: 640 });
  });

  it('records a rejected image as failed without throwing, and removes the previous image’s thumbnails', async () => {
    bucket.put(KEY, await jpeg(), 'image/jpeg');
    await processUpload(KEY);
    bucket.put(KEY, Buffer.from('not an image at all'), 'image/jpeg');

    const outcome = await processUpload(KEY);

    expect(outcome).toMatchObject({ result: 'failed', code: 'unsupported_format' });
    expect(statuses.records.get(KEY)).toMatchObject({
      status: 'failed',
      code: 'unsupported_format',
      thumbnails: {},
    });
    expect(statuses.records.get(KEY)?.reason).toMatch(/not a recognised image/);
    expect([...bucket.objects.keys()]).toEqual([KEY]);
  });

  it.each([
    ['an empty upload', Buffer.alloc(0), 'image/jpeg', 'empty'],
    [
      'a non-image content type (refused before download)',
      Buffer.from('hello'),
      'text/plain',
      'unsupported_format',
    ],
  ])('fails %s', async (_what, body, contentType, code) => {
    bucket.put(KEY, body, contentType);
    expect(await processUpload(KEY)).toMatchObject({ result: 'failed', code });
    expect(bucket.objects.size).toBe(1);
  });

  it('fails an upload over the byte limit from its HEAD, before downloading it, and deletes it', async () => {
    const small = (key: string) => process({ ...deps, maxInputBytes: 1000 }, key);
    bucket.put(KEY, await jpeg(), 'image/jpeg');
    bucket.get = () => Promise.reject(new Error('must not download'));

    expect(await small(KEY)).toMatchObject({ result: 'failed', code: 'too_large' });
    expect(bucket.objects.has(KEY)).toBe(false);
  });

  it('does nothing for a deleted upload or a key outside uploads/{userId}/', async () => {
    expect(await processUpload(KEY)).toEqual({ result: 'gone' });
    expect(await processUpload('uploads/photo.jpg')).toMatchObject({ result: 'invalid_key' });
    expect(statuses.writes).toBe(0);
  });

  it('throws on storage failures so the event is retried', async () => {
    bucket.put(KEY, await jpeg(), 'image/jpeg');
    bucket.failNext = new Error('S3 is down');
    await expect(processUpload(KEY)).rejects.toThrow('S3 is down');
    expect(statuses.writes).toBe(0);
  });
});

describe('decodeEventKey', () => {
  it.each([
    ['uploads/id/summer+trip.jpg', 'uploads/id/summer trip.jpg'],
    ['uploads/id/a%2Bb.jpg', 'uploads/id/a+b.jpg'],
    ['uploads/us-east-1%3Aabc/%C3%BCml%C3%A4ut.png', 'uploads/us-east-1:abc/ümläut.png'],
  ])('%s → %s', (raw, decoded) => expect(decodeEventKey(raw)).toBe(decoded));
});
