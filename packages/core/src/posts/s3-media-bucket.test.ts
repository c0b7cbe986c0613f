import type { S3Client } from '@aws-sdk/client-s3';
import { NotFound, S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3MediaBucket } from './s3-media-bucket';

// S3 itself is not involved: a client whose `send` fails the way S3 does. With s3:ListBucket on
// uploads/ a deleted upload is a 404 (gone, recorded as such); without it AWS answers 403, which
// must stay an error (retried), never be mistaken for "gone".
function bucketFailingWith(error: Error): S3MediaBucket {
  const client = { send: async () => Promise.reject(error) } as unknown as S3Client;
  return new S3MediaBucket(client, 'media');
}

const serviceError = (name: string, status: number) =>
  new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status } });

describe('S3MediaBucket', () => {
  it('reports a missing upload (HeadObject 404) as gone', async () => {
    const notFound = new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } });
    expect(await bucketFailingWith(notFound).head('uploads/u/a.jpg')).toBeUndefined();
    expect(await bucketFailingWith(serviceError('NoSuchKey', 404)).get('uploads/u/a.jpg')).toBeUndefined();
  });

  it('lets a 403 (no ListBucket: S3 will not say whether the key exists) through as an error', async () => {
    const denied = serviceError('AccessDenied', 403);
    await expect(bucketFailingWith(denied).head('uploads/u/a.jpg')).rejects.toBe(denied);
  });
});
