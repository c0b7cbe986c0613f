/**
 * The local S3 endpoint enforces what AWS would: SigV4, credential expiry, and the IAM policies
 * that serverless.yml deploys (the identity pool's authenticated role for browser credentials,
 * the Lambda execution role for functions, the media bucket policy for anonymous reads).
 * Same SDK calls as the web app: fromCognitoIdentityPool + S3Client with only `endpoint` set.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser } from '../support/users';

const stack = inject('stack');

async function identityClient() {
  const user = await createUser(stack);
  const userId = user.userId;
  const credentials = fromCognitoIdentityPool({
    identityPoolId: stack.identityPoolId,
    logins: { [`cognito-idp.${stack.region}.amazonaws.com/${stack.userPoolId}`]: user.idToken },
    clientConfig: { region: stack.region, endpoint: stack.cognitoIdentityEndpoint },
  });
  const resolved = await credentials();
  const identityId = (resolved as { identityId?: string }).identityId as string;
  const s3 = new S3Client({
    region: stack.region,
    endpoint: stack.s3Endpoint,
    forcePathStyle: true,
    credentials,
  });
  return { s3, identityId, userId, resolved };
}

async function expectS3Error(promise: Promise<unknown>, code: string, status: number) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(S3ServiceException);
  expect((error as S3ServiceException).name).toBe(code);
  expect((error as S3ServiceException).$metadata.httpStatusCode).toBe(status);
}

describe('browser credentials against the deployed identity-pool role', () => {
  let a: Awaited<ReturnType<typeof identityClient>>;
  let b: Awaited<ReturnType<typeof identityClient>>;
  const files = stack.buckets.files;
  beforeAll(async () => {
    [a, b] = await Promise.all([identityClient(), identityClient()]);
    await b.s3.send(
      new PutObjectCommand({ Bucket: files, Key: `private/${b.userId}/secret.txt`, Body: 'b' }),
    );
  });

  it('A puts, lists, gets and deletes in its own prefix', async () => {
    const Key = `private/${a.userId}/notes/a.txt`;
    await a.s3.send(new PutObjectCommand({ Bucket: files, Key, Body: 'mine' }));
    const listed = await a.s3.send(
      new ListObjectsV2Command({ Bucket: files, Prefix: `private/${a.userId}/` }),
    );
    expect(listed.Contents?.map((o) => o.Key)).toContain(Key);
    const got = await a.s3.send(new GetObjectCommand({ Bucket: files, Key }));
    expect(await got.Body?.transformToString()).toBe('mine');
    await a.s3.send(new DeleteObjectCommand({ Bucket: files, Key }));
  });

  it('A cannot get, put, delete or list B’s prefix', async () => {
    const Key = `private/${b.userId}/secret.txt`;
    await expectS3Error(a.s3.send(new GetObjectCommand({ Bucket: files, Key })), 'AccessDenied', 403);
    await expectS3Error(
      a.s3.send(new PutObjectCommand({ Bucket: files, Key, Body: 'x' })),
      'AccessDenied',
      403,
    );
    await expectS3Error(a.s3.send(new DeleteObjectCommand({ Bucket: files, Key })), 'AccessDenied', 403);
    await expectS3Error(
      a.s3.send(new ListObjectsV2Command({ Bucket: files, Prefix: `private/${b.userId}/` })),
      'AccessDenied',
      403,
    );
    await expectS3Error(a.s3.send(new ListObjectsV2Command({ Bucket: files })), 'AccessDenied', 403);
    // B's object is untouched.
    const got = await b.s3.send(new GetObjectCommand({ Bucket: files, Key }));
    expect(await got.Body?.transformToString()).toBe('b');
  });

  it('A may upload blog images only under media/uploads/<own id>/', async () => {
    const media = stack.buckets.media;
    await a.s3.send(new PutObjectCommand({ Bucket: media, Key: `uploads/${a.userId}/x.txt`, Body: 'x' }));
    await expectS3Error(
      a.s3.send(new PutObjectCommand({ Bucket: media, Key: `uploads/${b.userId}/x.txt`, Body: 'x' })),
      'AccessDenied',
      403,
    );
    await expectS3Error(
      a.s3.send(
        new PutObjectCommand({ Bucket: media, Key: `thumbnails/${a.userId}/x-w320.webp`, Body: 'x' }),
      ),
      'AccessDenied',
      403,
    );
  });

  // Cross-team decision 1: prefixes are keyed by the user-pool sub through the `userId` principal
  // tag; the identity id no longer opens any prefix.
  it("keys prefixes by the user-pool sub: the identity-id prefix and B's sub prefix are closed to A", async () => {
    const media = stack.buckets.media;
    for (const [Bucket, Key] of [
      [files, `private/${a.identityId}/x.txt`],
      [media, `uploads/${a.identityId}/x.txt`],
      [files, `private/${b.userId}/planted.txt`],
    ] as const) {
      await expectS3Error(a.s3.send(new PutObjectCommand({ Bucket, Key, Body: 'x' })), 'AccessDenied', 403);
    }
    const listed = await a.s3.send(
      new ListObjectsV2Command({ Bucket: media, Prefix: `uploads/${a.userId}/` }),
    );
    expect(listed.$metadata.httpStatusCode).toBe(200);
    await expectS3Error(
      a.s3.send(new ListObjectsV2Command({ Bucket: media, Prefix: `uploads/${b.userId}/` })),
      'AccessDenied',
      403,
    );
  });

  it('a wrong secret is SignatureDoesNotMatch; an unknown key is InvalidAccessKeyId', async () => {
    const { accessKeyId, sessionToken } = a.resolved;
    const wrong = new S3Client({
      region: stack.region,
      endpoint: stack.s3Endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId, secretAccessKey: 'not-the-secret', sessionToken },
    });
    await expectS3Error(
      wrong.send(new GetObjectCommand({ Bucket: files, Key: `private/${a.userId}/x` })),
      'SignatureDoesNotMatch',
      403,
    );
    const unknown = new S3Client({
      region: stack.region,
      endpoint: stack.s3Endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x' },
    });
    await expectS3Error(
      unknown.send(new GetObjectCommand({ Bucket: files, Key: `private/${a.userId}/x` })),
      'InvalidAccessKeyId',
      403,
    );
  });

  it('a presigned GET works; the same URL for another key does not', async () => {
    const Key = `private/${a.userId}/shared.txt`;
    await a.s3.send(new PutObjectCommand({ Bucket: files, Key, Body: 'presigned' }));
    const url = await getSignedUrl(a.s3, new GetObjectCommand({ Bucket: files, Key }), { expiresIn: 60 });
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('presigned');
    const tampered = url.replace('shared.txt', 'other.txt');
    const denied = await fetch(tampered);
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });
});

describe('anonymous reads follow the media bucket policy', () => {
  it('thumbnails/ is public; uploads/ and private/ are not', async () => {
    const lambda = new S3Client({
      region: stack.region,
      endpoint: stack.s3Endpoint,
      forcePathStyle: true,
      credentials: stack.lambdaCredentials.makeThumbnails,
    });
    const key = 'thumbnails/us-east-1:00000000-0000-4000-8000-000000000000/public-w320.webp';
    await lambda.send(
      new PutObjectCommand({
        Bucket: stack.buckets.media,
        Key: key,
        Body: 'webp',
        ContentType: 'image/webp',
      }),
    );
    // Public only through the edge (CloudFront with origin access control); S3 itself refuses.
    const pub = await fetch(`${stack.mediaPublicUrl}/${key}`);
    expect(pub.status).toBe(200);
    expect((await fetch(`${stack.s3Endpoint}/${stack.buckets.media}/${key}`)).status).toBe(403);
    const uploads = await fetch(
      `${stack.s3Endpoint}/${stack.buckets.media}/uploads/us-east-1:00000000-0000-4000-8000-000000000000/a.jpg`,
    );
    expect(uploads.status).toBe(403);
    // The edge has no behaviour for uploads/: the path goes to the site bucket, which has no such page.
    const uploadsViaEdge = await fetch(
      `${stack.mediaPublicUrl}/uploads/us-east-1:00000000-0000-4000-8000-000000000000/a.jpg`,
    );
    expect(uploadsViaEdge.status).toBe(404);
    const priv = await fetch(
      `${stack.s3Endpoint}/${stack.buckets.files}/private/us-east-1:00000000-0000-4000-8000-000000000000/a.txt`,
    );
    expect(priv.status).toBe(403);
  });

  it('the thumbnail function’s role may write thumbnails but not read users’ private files', async () => {
    const lambda = new S3Client({
      region: stack.region,
      endpoint: stack.s3Endpoint,
      forcePathStyle: true,
      credentials: stack.lambdaCredentials.makeThumbnails,
    });
    await expectS3Error(
      lambda.send(new GetObjectCommand({ Bucket: stack.buckets.files, Key: 'private/anyone/secret.txt' })),
      'AccessDenied',
      403,
    );
  });
});
