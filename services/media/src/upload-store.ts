import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

export interface UploadHead {
  /** Without quotes. */
  etag: string;
  size: number;
  contentType?: string;
}

/** The media bucket as the thumbnail maker sees it. */
export interface UploadStore {
  /** Undefined when the object is gone (deleted after its event was sent). */
  head(key: string): Promise<UploadHead | undefined>;
  get(key: string): Promise<{ body: Buffer; etag: string } | undefined>;
  putThumbnail(key: string, body: Buffer, contentType: string): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
}

/** Thumbnail keys never change for an upload, so browsers and CDNs may keep them for a year. */
export const THUMBNAIL_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export class S3UploadStore implements UploadStore {
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

  async delete(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((Key) => this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }))));
  }
}

function bareEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^W\//, '').replace(/"/g, '');
}

function isNotFound(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return status === 404;
}
