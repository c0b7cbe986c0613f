import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { THUMBNAIL_CACHE_CONTROL } from '../cache-control';

export interface UploadHead {
  /** Without quotes. */
  etag: string;
  size: number;
  contentType?: string;
}

/** Deletes objects from the media bucket (missing keys are fine). */
export interface MediaFileStore {
  deleteObjects(keys: readonly string[]): Promise<void>;
}

/**
 * Whether an upload is part of a post, as the object tag `post` (`none` | `used`). The media
 * bucket's lifecycle rule (serverless.yml, `expire-uploads-never-in-a-post`) expires `uploads/`
 * objects tagged `post=none`: the thumbnail maker tags each upload `none` unless a post uses it,
 * and a saved post's cover is tagged `used` (`syncPostMedia`, from the posts stream).
 */
export type UploadUse = 'none' | 'used';
export const UPLOAD_USE_TAG = 'post';

export interface UploadUseMarker {
  /** Tags an upload (a missing one is fine: deleted meanwhile). */
  markUse(uploadKey: string, use: UploadUse): Promise<void>;
}

/** The media bucket as the thumbnail maker sees it. */
export interface UploadStore extends MediaFileStore, UploadUseMarker {
  /** Undefined when the object is gone (deleted after its event was sent). */
  head(key: string): Promise<UploadHead | undefined>;
  get(key: string): Promise<{ body: Buffer; etag: string } | undefined>;
  putThumbnail(key: string, body: Buffer, contentType: string): Promise<void>;
}

/** The media bucket on S3: uploads read, thumbnails written, a post's files deleted. */
export class S3MediaBucket implements UploadStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async head(key: string): Promise<UploadHead | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { etag: bareEtag(head.ETag), size: head.ContentLength ?? 0, contentType: head.ContentType };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async get(key: string): Promise<{ body: Buffer; etag: string } | undefined> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
      return {
        body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        etag: bareEtag(object.ETag),
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async putThumbnail(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        CacheControl: THUMBNAIL_CACHE_CONTROL,
      }),
    );
  }

  async deleteObjects(keys: readonly string[]): Promise<void> {
    await deleteS3Objects(this.s3, this.bucket, keys);
  }

  async markUse(uploadKey: string, use: UploadUse): Promise<void> {
    try {
      await this.s3.send(
        new PutObjectTaggingCommand({
          Bucket: this.bucket,
          Key: uploadKey,
          Tagging: { TagSet: [{ Key: UPLOAD_USE_TAG, Value: use }] },
        }),
      );
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}

/**
 * The one S3 delete loop: single DeleteObject calls, ten at a time. Not DeleteObjects: that one
 * needs a Content-MD5 and reports per-key failures in a 200 body, which is easy to miss.
 * DeleteObject is idempotent: a missing key is fine.
 */
export async function deleteS3Objects(s3: S3Client, bucket: string, keys: readonly string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 10) {
    await Promise.all(
      keys.slice(i, i + 10).map((Key) => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key }))),
    );
  }
}

function bareEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^W\//, '').replace(/"/g, '');
}

function isNotFound(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return status === 404;
}
