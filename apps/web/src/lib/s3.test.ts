import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { refuseUnanswered, toStorageError } from './s3';

/** A client whose every request gets `statusCode` back, as XhrHttpHandler settles an aborted request (0). */
function answering(statusCode: number): S3Client {
  const requestHandler = {
    handle: async () => ({
      response: {
        statusCode,
        headers: statusCode === 200 ? { etag: '"stored"' } : {},
        body: new Uint8Array(),
      },
    }),
  };
  return new S3Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: requestHandler as unknown as S3Client['config']['requestHandler'],
  });
}

const put = () => new PutObjectCommand({ Bucket: 'files', Key: 'private/u/a.txt', Body: 'new body' });

describe('refuseUnanswered', () => {
  it('the SDK alone takes a response with no status for a stored object', async () => {
    await expect(answering(0).send(put())).resolves.toMatchObject({ $metadata: { httpStatusCode: 0 } });
  });

  it('fails a request S3 never answered, in the words of a network error', async () => {
    const error = await refuseUnanswered(answering(0))
      .send(put())
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(toStorageError(error).message).toMatch(/Cannot reach the storage service/);
  });

  it('lets an answer from S3 through', async () => {
    await expect(refuseUnanswered(answering(200)).send(put())).resolves.toMatchObject({ ETag: '"stored"' });
  });
});
