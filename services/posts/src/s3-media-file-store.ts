import type { MediaFileStore } from '@app/core/posts';
import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** Deletes media-bucket objects one by one (DeleteObject is idempotent: a missing key is fine). */
export class S3MediaFileStore implements MediaFileStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async deleteObjects(keys: readonly string[]): Promise<void> {
    // Single deletes rather than DeleteObjects: that one needs a Content-MD5 and reports per-key
    // failures in a 200 body, which is easy to miss; a post has at most a handful of files.
    await Promise.all(keys.map((Key) => this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }))));
  }
}
