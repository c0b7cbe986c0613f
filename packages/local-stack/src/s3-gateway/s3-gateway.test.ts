import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityService, type IdentityService } from '../identity';
import { startTestIssuer, type TestIssuer } from '../identity/test-issuer';
import { createS3Gateway, type PolicyDocument, type S3GatewayOptions } from './index';
import {
  identityRolePolicies as identityPolicies,
  listenOnRandomPort,
  type RunningServer,
  startTestS3rver,
} from './test-servers';

const region = 'us-east-1';
const identityPoolId = 'us-east-1:11111111-2222-4333-8444-555555555555';
const WEB_ORIGIN = 'http://127.0.0.1:5173';
const LAMBDA_KEY = {
  accessKeyId: 'AKIALOCALLAMBDA00001',
  secretAccessKey: 'local-lambda-secret-key-000000000000000',
};
const DISTRIBUTION_ARN = 'arn:aws:cloudfront::000000000000:distribution/EWEB';
/** The local edge's origin access control key: SigV4 as CloudFront for DISTRIBUTION_ARN. */
const OAC_KEY = {
  accessKeyId: 'AKIALOCALCLOUDFRONT1',
  secretAccessKey: 'local-cloudfront-secret-key-00000000000',
};
const OTHER_DISTRIBUTION_KEY = {
  accessKeyId: 'AKIALOCALCLOUDFRONT2',
  secretAccessKey: 'local-cloudfront-secret-key-00000000002',
};
/** Block Public Access turned off: only so that these tests can show what a public policy does. */
const BPA_OFF = {
  BlockPublicAcls: false,
  IgnorePublicAcls: false,
  BlockPublicPolicy: false,
  RestrictPublicBuckets: false,
};

const LAMBDA_PRINCIPAL = {
  kind: 'lambda',
  functionKey: 'makeThumbnails',
  roleName: 'makeThumbnails-role',
  sessionName: 'makeThumbnails',
} as const;
const lambdaPolicies: Record<string, PolicyDocument[]> = {
  makeThumbnails: [
    {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::media/uploads/*' },
        { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::media/thumbnails/*' },
        { Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::media/*' },
      ],
    },
  ],
};
const bucketPolicies: Record<string, PolicyDocument> = {
  media: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::media/thumbnails/*',
      },
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::files/*',
        Condition: { StringEquals: { 'AWS:SourceArn': DISTRIBUTION_ARN } },
      },
    ],
  },
  files: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::files/site/*',
        Condition: { StringEquals: { 'AWS:SourceArn': DISTRIBUTION_ARN } },
      },
    ],
  },
};
const filesCors =
  '<CORSConfiguration><CORSRule><AllowedOrigin>http://127.0.0.1:5173</AllowedOrigin>' +
  '<AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>DELETE</AllowedMethod>' +
  '<AllowedMethod>HEAD</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader>' +
  '</CORSRule></CORSConfiguration>';

let issuer: TestIssuer;
let s3rver: RunningServer;
let identity: IdentityService;
let identityServer: RunningServer;
let gatewayServer: RunningServer;
let dataDir: string;
const logs: Record<string, unknown>[] = [];
const servers: RunningServer[] = [];

type Middleware = Parameters<S3Client['middlewareStack']['addRelativeTo']>[0];
type FinalizeArgs = { request: unknown };
/** A finalize-step middleware that edits the request after the SDK signed it. */
const afterSigning = (edit: (request: unknown) => void): Middleware =>
  ((next: (args: FinalizeArgs) => Promise<unknown>) => async (args: FinalizeArgs) => {
    edit(args.request);
    return next(args);
  }) as unknown as Middleware;
type Credentials = Awaited<ReturnType<ReturnType<typeof fromCognitoIdentityPool>>>;

interface User {
  identityId: string;
  credentials: Credentials;
  s3: S3Client;
}
let userA: User;
let userB: User;

function gatewayOptions(overrides: Partial<S3GatewayOptions> = {}): S3GatewayOptions {
  return {
    upstream: s3rver.url,
    region,
    credentials: identity.credentials,
    identityPolicies,
    lambdaPolicies,
    bucketPolicies,
    publicAccessBlock: { media: BPA_OFF },
    logger: (entry) => logs.push(entry as Record<string, unknown>),
    ...overrides,
  };
}

async function startGateway(overrides: Partial<S3GatewayOptions> = {}): Promise<string> {
  const running = await listenOnRandomPort(createS3Gateway(gatewayOptions(overrides)));
  servers.push(running);
  return running.url;
}

function s3Client(credentials: S3ClientConfig['credentials'], endpoint = gatewayServer.url) {
  return new S3Client({ endpoint, forcePathStyle: true, region, credentials, maxAttempts: 1 });
}

/** Signs in the way the browser does: ID token → identity pool → temporary credentials. */
async function signIn(sub: string, identityEndpoint = identityServer.url): Promise<User> {
  const provider = fromCognitoIdentityPool({
    identityPoolId,
    logins: { [`cognito-idp.${region}.amazonaws.com/${issuer.userPoolId}`]: await issuer.idToken(sub) },
    clientConfig: { region, endpoint: identityEndpoint },
  });
  const credentials = await provider();
  return { identityId: String(credentials.identityId), credentials, s3: s3Client(provider) };
}

/** Runs an S3 call that must fail; returns the error code and HTTP status. */
async function failure(call: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof S3ServiceException)
      return { name: error.name, status: error.$metadata.httpStatusCode };
    throw error;
  }
  throw new Error('expected the S3 call to fail');
}

const denied = { name: 'AccessDenied', status: 403 };
const body = (text: string) => Buffer.from(text);

beforeAll(async () => {
  issuer = await startTestIssuer();
  s3rver = await startTestS3rver([
    { name: 'files', cors: filesCors },
    { name: 'media' },
    { name: 'examplebucket' },
  ]);
  dataDir = mkdtempSync(join(tmpdir(), 's3-gateway-identity-'));
  identity = createIdentityService({
    region,
    identityPoolId,
    allowUnauthenticated: false,
    userPool: { issuer: issuer.issuer, clientIds: [issuer.clientId] },
    dataDir,
    staticCredentials: [
      { ...LAMBDA_KEY, principal: LAMBDA_PRINCIPAL },
      {
        ...OAC_KEY,
        principal: {
          kind: 'service',
          service: 'cloudfront.amazonaws.com',
          sourceArn: DISTRIBUTION_ARN,
          sourceAccount: '000000000000',
        },
      },
      {
        ...OTHER_DISTRIBUTION_KEY,
        principal: {
          kind: 'service',
          service: 'cloudfront.amazonaws.com',
          sourceArn: 'arn:aws:cloudfront::000000000000:distribution/EOTHER',
          sourceAccount: '000000000000',
        },
      },
    ],
  });
  identityServer = await listenOnRandomPort(identity.handler);
  gatewayServer = await listenOnRandomPort(createS3Gateway(gatewayOptions()));
  userA = await signIn('user-a');
  userB = await signIn('user-b');
});

afterAll(async () => {
  for (const server of [...servers, gatewayServer, identityServer]) await server?.close();
  await s3rver?.close();
  await issuer?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('S3 gateway: an identity in its own prefix', () => {
  it('puts, gets, heads, lists and deletes', async () => {
    const key = `private/${userA.identityId}/notes/hello world.txt`;
    await userA.s3.send(
      new PutObjectCommand({ Bucket: 'files', Key: key, Body: 'hello', ContentType: 'text/plain' }),
    );

    const got = await userA.s3.send(new GetObjectCommand({ Bucket: 'files', Key: key }));
    expect(await got.Body?.transformToString()).toBe('hello');
    const head = await userA.s3.send(new HeadObjectCommand({ Bucket: 'files', Key: key }));
    expect(head.ContentLength).toBe(5);

    const listed = await userA.s3.send(
      new ListObjectsV2Command({ Bucket: 'files', Prefix: `private/${userA.identityId}/` }),
    );
    expect(listed.Contents?.map((o) => o.Key)).toContain(key);

    await userA.s3.send(new DeleteObjectCommand({ Bucket: 'files', Key: key }));
    expect(await failure(userA.s3.send(new GetObjectCommand({ Bucket: 'files', Key: key })))).toEqual({
      name: 'NoSuchKey',
      status: 404,
    });
  });

  it('stores streamed uploads (aws-chunked with a CRC32 trailer) as the plain bytes', async () => {
    const key = `private/${userA.identityId}/streamed.txt`;
    await userA.s3.send(
      new PutObjectCommand({
        Bucket: 'files',
        Key: key,
        Body: Readable.from([body('hello '), body('streamed '), body('world')]),
        ContentLength: 20,
      }),
    );
    const got = await userA.s3.send(new GetObjectCommand({ Bucket: 'files', Key: key }));
    expect(await got.Body?.transformToString()).toBe('hello streamed world');
    expect(logs).toContainEqual(
      expect.objectContaining({
        operation: 'PutObject',
        resource: `arn:aws:s3:::files/${key}`,
        decision: 'allow',
      }),
    );
  });

  it('verifies and stores a large single PUT (spooled to disk before s3rver sees it)', async () => {
    const key = `private/${userA.identityId}/large.bin`;
    const data = Buffer.alloc(9 * 1024 * 1024, 7);
    data.write('start');
    await userA.s3.send(new PutObjectCommand({ Bucket: 'files', Key: key, Body: data }));
    const head = await userA.s3.send(new HeadObjectCommand({ Bucket: 'files', Key: key }));
    expect(head.ContentLength).toBe(data.length);
    const got = await userA.s3.send(new GetObjectCommand({ Bucket: 'files', Key: key }));
    const bytes = Buffer.from((await got.Body?.transformToByteArray()) ?? []);
    expect(bytes.equals(data)).toBe(true);
  });

  it('uploads in parts with lib-storage (multipart)', async () => {
    const key = `private/${userA.identityId}/big.bin`;
    const data = Buffer.alloc(11 * 1024 * 1024);
    for (let i = 0; i < data.length; i += 4096) data[i] = i % 251;
    await new Upload({
      client: userA.s3,
      params: { Bucket: 'files', Key: key, Body: data },
      partSize: 5 * 1024 * 1024,
    }).done();
    const got = await userA.s3.send(new GetObjectCommand({ Bucket: 'files', Key: key }));
    const bytes = Buffer.from((await got.Body?.transformToByteArray()) ?? []);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      createHash('sha256').update(data).digest('hex'),
    );
    expect(logs).toContainEqual(
      expect.objectContaining({ operation: 'CreateMultipartUpload', decision: 'allow' }),
    );
    expect(logs).toContainEqual(expect.objectContaining({ operation: 'UploadPart', decision: 'allow' }));
    expect(logs).toContainEqual(
      expect.objectContaining({ operation: 'CompleteMultipartUpload', decision: 'allow' }),
    );
  });
});

describe('S3 gateway: an identity outside its prefix', () => {
  it("cannot get, put, delete or list B's prefix", async () => {
    const bKey = `private/${userB.identityId}/secret.txt`;
    await userB.s3.send(new PutObjectCommand({ Bucket: 'files', Key: bKey, Body: 'b only' }));

    expect(await failure(userA.s3.send(new GetObjectCommand({ Bucket: 'files', Key: bKey })))).toEqual(
      denied,
    );
    expect(
      await failure(userA.s3.send(new PutObjectCommand({ Bucket: 'files', Key: bKey, Body: 'x' }))),
    ).toEqual(denied);
    expect(await failure(userA.s3.send(new DeleteObjectCommand({ Bucket: 'files', Key: bKey })))).toEqual(
      denied,
    );
    expect(
      await failure(
        userA.s3.send(new ListObjectsV2Command({ Bucket: 'files', Prefix: `private/${userB.identityId}/` })),
      ),
    ).toEqual(denied);
    // HEAD errors carry no body: the SDK only sees the status.
    expect((await failure(userA.s3.send(new HeadObjectCommand({ Bucket: 'files', Key: bKey })))).status).toBe(
      403,
    );

    const stillThere = await userB.s3.send(new GetObjectCommand({ Bucket: 'files', Key: bKey }));
    expect(await stillThere.Body?.transformToString()).toBe('b only');
    expect(logs).toContainEqual(
      expect.objectContaining({
        principal: `identity:${userA.identityId}`,
        action: 's3:GetObject',
        resource: `arn:aws:s3:::files/${bKey}`,
        decision: 'deny',
      }),
    );
  });

  it('cannot list the bucket root or a shared prefix', async () => {
    expect(await failure(userA.s3.send(new ListObjectsV2Command({ Bucket: 'files' })))).toEqual(denied);
    expect(
      await failure(userA.s3.send(new ListObjectsV2Command({ Bucket: 'files', Prefix: 'private/' }))),
    ).toEqual(denied);
  });

  it('DeleteObjects deletes the allowed keys and reports AccessDenied for the others', async () => {
    const mine = `private/${userA.identityId}/batch.txt`;
    const theirs = `private/${userB.identityId}/batch.txt`;
    await userA.s3.send(new PutObjectCommand({ Bucket: 'files', Key: mine, Body: 'a' }));
    await userB.s3.send(new PutObjectCommand({ Bucket: 'files', Key: theirs, Body: 'b' }));
    const result = await userA.s3.send(
      new DeleteObjectsCommand({ Bucket: 'files', Delete: { Objects: [{ Key: mine }, { Key: theirs }] } }),
    );
    expect(result.Deleted?.map((d) => d.Key)).toEqual([mine]);
    expect(result.Errors).toEqual([expect.objectContaining({ Key: theirs, Code: 'AccessDenied' })]);
    const survivor = await userB.s3.send(new GetObjectCommand({ Bucket: 'files', Key: theirs }));
    expect(await survivor.Body?.transformToString()).toBe('b');
  });

  it('reads the policy it is given: the same request flips to denied with another role policy', async () => {
    const key = `private/${userA.identityId}/flip.txt`;
    await userA.s3.send(new PutObjectCommand({ Bucket: 'files', Key: key, Body: 'flip' }));
    const readOnlyOthers = await startGateway({
      identityPolicies: [
        {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::media/uploads/*' }],
        },
      ],
    });
    const withDeny = await startGateway({
      identityPolicies: [
        ...identityPolicies,
        {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::files/*/flip.txt' }],
        },
      ],
    });
    const get = () => new GetObjectCommand({ Bucket: 'files', Key: key });
    expect((await userA.s3.send(get())).$metadata.httpStatusCode).toBe(200);
    expect(await failure(s3Client(userA.credentials, readOnlyOthers).send(get()))).toEqual(denied);
    expect(await failure(s3Client(userA.credentials, withDeny).send(get()))).toEqual(denied);
  });
});

describe('S3 gateway: authentication', () => {
  it('refuses a wrong secret with SignatureDoesNotMatch', async () => {
    const wrong = s3Client({
      ...userA.credentials,
      secretAccessKey: 'not-the-secret-at-all-000000000000000000',
    });
    const key = `private/${userA.identityId}/x.txt`;
    expect(await failure(wrong.send(new GetObjectCommand({ Bucket: 'files', Key: key })))).toEqual({
      name: 'SignatureDoesNotMatch',
      status: 403,
    });
  });

  it('refuses a request altered after signing', async () => {
    const client = s3Client(userA.credentials);
    const tamper = afterSigning((request) => {
      const r = request as { path: string };
      r.path = r.path.replace('mine.txt', 'theirs.txt');
    });
    client.middlewareStack.addRelativeTo(tamper, {
      relation: 'after',
      toMiddleware: 'httpSigningMiddleware',
      name: 'tamper',
    });
    const key = `private/${userA.identityId}/mine.txt`;
    expect(await failure(client.send(new GetObjectCommand({ Bucket: 'files', Key: key })))).toEqual({
      name: 'SignatureDoesNotMatch',
      status: 403,
    });
  });

  it('refuses a body that does not match its signed SHA-256, and stores nothing', async () => {
    const client = s3Client(userA.credentials);
    const swapBody = afterSigning((request) => {
      (request as { body: unknown }).body = 'HELLO';
    });
    client.middlewareStack.addRelativeTo(swapBody, {
      relation: 'after',
      toMiddleware: 'httpSigningMiddleware',
      name: 'swapBody',
    });
    const key = `private/${userA.identityId}/swapped.txt`;
    expect(
      await failure(client.send(new PutObjectCommand({ Bucket: 'files', Key: key, Body: 'hello' }))),
    ).toEqual({
      name: 'XAmzContentSHA256Mismatch',
      status: 400,
    });
    expect(await failure(userA.s3.send(new GetObjectCommand({ Bucket: 'files', Key: key })))).toMatchObject({
      status: 404,
    });
  });

  it('refuses an unknown access key, a forged session token and a skewed clock', async () => {
    const unknown = s3Client({ accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'whatever' });
    const get = new GetObjectCommand({ Bucket: 'files', Key: `private/${userA.identityId}/x.txt` });
    expect(await failure(unknown.send(get))).toEqual({ name: 'InvalidAccessKeyId', status: 403 });

    const token = String(userA.credentials.sessionToken);
    const forged = s3Client({ ...userA.credentials, sessionToken: `${token.slice(0, -4)}AAAA` });
    expect(await failure(forged.send(get))).toEqual({ name: 'InvalidToken', status: 400 });

    const noToken = s3Client({ ...userA.credentials, sessionToken: undefined });
    expect(await failure(noToken.send(get))).toEqual({ name: 'InvalidAccessKeyId', status: 403 });

    const skewed = new S3Client({
      endpoint: gatewayServer.url,
      forcePathStyle: true,
      region,
      credentials: userA.credentials,
      maxAttempts: 1,
      systemClockOffset: -20 * 60 * 1000,
    });
    expect(await failure(skewed.send(get))).toEqual({ name: 'RequestTimeTooSkewed', status: 403 });
  });

  it('refuses a malformed credential scope or presigned query like S3', async () => {
    const otherRegion = new S3Client({
      endpoint: gatewayServer.url,
      forcePathStyle: true,
      region: 'eu-west-1',
      credentials: userA.credentials,
      maxAttempts: 1,
    });
    const key = `private/${userA.identityId}/x.txt`;
    expect(await failure(otherRegion.send(new GetObjectCommand({ Bucket: 'files', Key: key })))).toEqual({
      name: 'AuthorizationHeaderMalformed',
      status: 400,
    });

    const url = await getSignedUrl(userA.s3, new GetObjectCommand({ Bucket: 'files', Key: key }), {
      expiresIn: 60,
    });
    const tooLong = await fetch(url.replace('X-Amz-Expires=60', 'X-Amz-Expires=604801'));
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('<Code>AuthorizationQueryParametersError</Code>');
    const missing = await fetch(url.replace(/X-Amz-Credential=[^&]+&/, ''));
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('<Code>AuthorizationQueryParametersError</Code>');
  });

  it('refuses expired credentials with ExpiredToken', async () => {
    const shortDir = mkdtempSync(join(tmpdir(), 's3-gateway-short-'));
    try {
      const shortLived = createIdentityService({
        region,
        identityPoolId,
        allowUnauthenticated: false,
        userPool: { issuer: issuer.issuer, clientIds: [issuer.clientId] },
        dataDir: shortDir,
        credentialTtlSeconds: 1,
      });
      const identityUrl = await listenOnRandomPort(shortLived.handler);
      servers.push(identityUrl);
      const gateway = await startGateway({ credentials: shortLived.credentials });
      const user = await signIn('user-a', identityUrl.url);
      // A fixed credential object: a provider would simply fetch fresh credentials.
      const { accessKeyId, secretAccessKey, sessionToken } = user.credentials;
      const client = s3Client({ accessKeyId, secretAccessKey, sessionToken }, gateway);
      const put = () =>
        new PutObjectCommand({ Bucket: 'files', Key: `private/${user.identityId}/ttl.txt`, Body: 'ttl' });
      expect((await client.send(put())).$metadata.httpStatusCode).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(await failure(client.send(put()))).toEqual({ name: 'ExpiredToken', status: 400 });
    } finally {
      rmSync(shortDir, { recursive: true, force: true });
    }
  });
});

describe('S3 gateway: presigned URLs', () => {
  it('serves a valid presigned GET and PUT, and refuses tampered or expired ones', async () => {
    const key = `private/${userA.identityId}/presigned.txt`;
    const putUrl = await getSignedUrl(userA.s3, new PutObjectCommand({ Bucket: 'files', Key: key }), {
      expiresIn: 60,
    });
    expect((await fetch(putUrl, { method: 'PUT', body: 'via presigned put' })).status).toBe(200);

    const url = await getSignedUrl(userA.s3, new GetObjectCommand({ Bucket: 'files', Key: key }), {
      expiresIn: 60,
    });
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('via presigned put');

    const otherKey = await fetch(url.replace('presigned.txt', 'other.txt'));
    expect(otherKey.status).toBe(403);
    expect(await otherKey.text()).toContain('<Code>SignatureDoesNotMatch</Code>');

    const signature = new URL(url).searchParams.get('X-Amz-Signature') ?? '';
    const flipped = signature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const tampered = await fetch(url.replace(signature, flipped));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');

    const expiredUrl = await getSignedUrl(userA.s3, new GetObjectCommand({ Bucket: 'files', Key: key }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 10 * 60 * 1000),
    });
    const expired = await fetch(expiredUrl);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);

    const theirs = await getSignedUrl(
      userA.s3,
      new GetObjectCommand({ Bucket: 'files', Key: `private/${userB.identityId}/secret.txt` }),
      { expiresIn: 60 },
    );
    const cross = await fetch(theirs);
    expect(cross.status).toBe(403);
    expect(await cross.text()).toContain('<Code>AccessDenied</Code>');
  });
});

describe('S3 gateway: anonymous and Lambda access', () => {
  const lambda = () => s3Client(LAMBDA_KEY);

  it('lets anyone read thumbnails/ but nothing else', async () => {
    const upload = `uploads/${userA.identityId}/photo.jpg`;
    await userA.s3.send(new PutObjectCommand({ Bucket: 'media', Key: upload, Body: 'jpeg bytes' }));
    const original = await lambda().send(new GetObjectCommand({ Bucket: 'media', Key: upload }));
    expect(await original.Body?.transformToString()).toBe('jpeg bytes');
    await lambda().send(
      new PutObjectCommand({ Bucket: 'media', Key: 'thumbnails/x.webp', Body: 'webp bytes' }),
    );

    const thumbnail = await fetch(`${gatewayServer.url}/media/thumbnails/x.webp`);
    expect(thumbnail.status).toBe(200);
    expect(await thumbnail.text()).toBe('webp bytes');
    // Signed-in users read it through the bucket policy alone: their role grants nothing on thumbnails/.
    const viaBucketPolicy = await userA.s3.send(
      new GetObjectCommand({ Bucket: 'media', Key: 'thumbnails/x.webp' }),
    );
    expect(await viaBucketPolicy.Body?.transformToString()).toBe('webp bytes');
    expect(logs).toContainEqual(
      expect.objectContaining({
        principal: `identity:${userA.identityId}`,
        resource: 'arn:aws:s3:::media/thumbnails/x.webp',
        decision: 'allow',
        reason: 'role policies: ImplicitlyDenied; bucket policy: Allowed',
      }),
    );

    for (const path of [`/media/${upload}`, `/files/private/${userA.identityId}/presigned.txt`, '/files']) {
      const res = await fetch(`${gatewayServer.url}${path}`);
      expect(res.status, path).toBe(403);
      expect(await res.text()).toContain('<Code>AccessDenied</Code>');
    }
    expect(
      await failure(
        lambda().send(new PutObjectCommand({ Bucket: 'files', Key: 'private/x/y.txt', Body: 'no' })),
      ),
    ).toEqual(denied);
    expect(
      await failure(
        userA.s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'thumbnails/x.webp', Body: 'no' })),
      ),
    ).toEqual(denied);
  });

  it('Block Public Access: RestrictPublicBuckets turns the same anonymous read from allowed to denied', async () => {
    await lambda().send(
      new PutObjectCommand({ Bucket: 'media', Key: 'thumbnails/bpa.webp', Body: 'webp bytes' }),
    );
    const open = await startGateway({ publicAccessBlock: { media: BPA_OFF } });
    const restricted = await startGateway({
      publicAccessBlock: { media: { ...BPA_OFF, RestrictPublicBuckets: true } },
    });
    const defaults = await startGateway({ publicAccessBlock: {} });
    expect((await fetch(`${open}/media/thumbnails/bpa.webp`)).status).toBe(200);
    const deniedRead = await fetch(`${restricted}/media/thumbnails/bpa.webp`);
    expect(deniedRead.status).toBe(403);
    expect(await deniedRead.text()).toContain('<Code>AccessDenied</Code>');
    // A bucket the template says nothing about has Block Public Access fully on, as new S3 buckets do.
    expect((await fetch(`${defaults}/media/thumbnails/bpa.webp`)).status).toBe(403);
  });

  it('origin access control: CloudFront reads with its distribution ARN, another distribution cannot', async () => {
    const key = 'site/index.html';
    // Written straight into the storage, as the bucket owner would.
    await s3Client({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, s3rver.url).send(
      new PutObjectCommand({ Bucket: 'files', Key: key, Body: '<h1>hi</h1>' }),
    );
    const restricted = await startGateway({ publicAccessBlock: {} });
    const asDistribution = await s3Client(OAC_KEY, restricted).send(
      new GetObjectCommand({ Bucket: 'files', Key: key }),
    );
    expect(await asDistribution.Body?.transformToString()).toBe('<h1>hi</h1>');
    expect(
      await failure(
        s3Client(OTHER_DISTRIBUTION_KEY, restricted).send(
          new GetObjectCommand({ Bucket: 'files', Key: key }),
        ),
      ),
    ).toEqual(denied);
    // Its grant is for GetObject only.
    expect(
      await failure(
        s3Client(OAC_KEY, restricted).send(new PutObjectCommand({ Bucket: 'files', Key: key, Body: 'x' })),
      ),
    ).toEqual(denied);
  });

  it('BlockPublicAcls: a request that sets a public ACL is refused', async () => {
    const restricted = await startGateway({ publicAccessBlock: {} });
    const key = `uploads/${userA.identityId}/acl.jpg`;
    const client = new S3Client({
      endpoint: restricted,
      forcePathStyle: true,
      region,
      credentials: userA.credentials,
      maxAttempts: 1,
    });
    expect(
      await failure(
        client.send(new PutObjectCommand({ Bucket: 'media', Key: key, Body: 'x', ACL: 'public-read' })),
      ),
    ).toEqual(denied);
    await client.send(new PutObjectCommand({ Bucket: 'media', Key: key, Body: 'x' }));
  });

  it('forwards CORS preflights to s3rver and lets a browser read the gateway errors', async () => {
    const preflight = await fetch(`${gatewayServer.url}/files/private/x/y.txt`, {
      method: 'OPTIONS',
      headers: {
        origin: WEB_ORIGIN,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');

    const deniedRes = await fetch(`${gatewayServer.url}/files/private/x/y.txt`, {
      headers: { origin: WEB_ORIGIN },
    });
    expect(deniedRes.status).toBe(403);
    expect(deniedRes.headers.get('access-control-allow-origin')).toBe(WEB_ORIGIN);
  });
});

describe('S3 gateway: aws-chunked bodies', () => {
  /** AWS's published example of a signed chunked upload (SigV4 docs, "Transferring Payload in Multiple Chunks"). */
  const example = {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    seed: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
    chunks: [
      { size: 65536, signature: 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648' },
      { size: 1024, signature: '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497' },
      { size: 0, signature: 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9' },
    ],
  };

  function exampleBody(corrupt: boolean): Buffer {
    const parts = example.chunks.map(({ size, signature }) => {
      const data = Buffer.alloc(size, 'a');
      if (corrupt && size === 1024) data[10] = 0x62;
      return Buffer.concat([
        body(`${size.toString(16)};chunk-signature=${signature}\r\n`),
        data,
        body('\r\n'),
      ]);
    });
    return Buffer.concat(parts);
  }

  function send(url: string, path: string, headers: Record<string, string>, payload: Buffer) {
    return new Promise<{ status: number; text: string }>((resolve, reject) => {
      const target = new URL(url);
      const req = httpRequest(
        {
          hostname: target.hostname,
          port: target.port,
          method: 'PUT',
          path,
          headers: { ...headers, 'content-length': String(payload.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
          );
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  it("verifies seed and chunk signatures against AWS's published example", async () => {
    const gateway = await startGateway({
      now: () => Date.parse('2013-05-24T00:00:10Z'),
      credentials: {
        resolve: (accessKeyId) =>
          accessKeyId === example.accessKeyId
            ? { ok: true, credential: { ...example, principal: LAMBDA_PRINCIPAL } }
            : { ok: false, code: 'InvalidAccessKeyId' },
      },
      lambdaPolicies: {
        makeThumbnails: [
          {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::examplebucket/*' },
            ],
          },
        ],
      },
    });
    const headers = {
      host: 's3.amazonaws.com',
      'x-amz-date': '20130524T000000Z',
      'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
        'SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,' +
        `Signature=${example.seed}`,
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': '66560',
    };
    const corrupt = await send(gateway, '/examplebucket/chunkObject.txt', headers, exampleBody(true));
    expect(corrupt.status).toBe(403);
    expect(corrupt.text).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect((await fetch(`${s3rver.url}/examplebucket/chunkObject.txt`)).status).toBe(404);

    const ok = await send(gateway, '/examplebucket/chunkObject.txt', headers, exampleBody(false));
    expect(ok.status).toBe(200);
    const stored = await fetch(`${s3rver.url}/examplebucket/chunkObject.txt`);
    expect(await stored.text()).toBe('a'.repeat(66560));
  });

  it('refuses an unsigned-payload upload whose trailing CRC32 does not match, and stores nothing', async () => {
    const key = `private/${userA.identityId}/trailer.txt`;
    const signer = new SignatureV4({
      service: 's3',
      region,
      credentials: userA.credentials,
      sha256: Sha256,
      uriEscapePath: false,
    });
    const host = new URL(gatewayServer.url).host;
    const payload = (crc: string) => body(`5\r\nhello\r\n0\r\nx-amz-checksum-crc32:${crc}\r\n\r\n`);
    const signed = async () =>
      (
        await signer.sign({
          method: 'PUT',
          protocol: 'http:',
          hostname: '127.0.0.1',
          path: `/files/${key.split('/').map(encodeURIComponent).join('/')}`,
          query: {},
          headers: {
            host,
            'content-encoding': 'aws-chunked',
            'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
            'x-amz-decoded-content-length': '5',
            'x-amz-trailer': 'x-amz-checksum-crc32',
          },
        })
      ).headers as Record<string, string>;
    const path = `/files/${key.split('/').map(encodeURIComponent).join('/')}`;
    const bad = await send(gatewayServer.url, path, await signed(), payload('AAAAAA=='));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<Code>BadDigest</Code>');
    expect(await failure(userA.s3.send(new GetObjectCommand({ Bucket: 'files', Key: key })))).toMatchObject({
      status: 404,
    });

    const good = await send(gatewayServer.url, path, await signed(), payload('NhCmhg=='));
    expect(good.status).toBe(200);
    const got = await userA.s3.send(new GetObjectCommand({ Bucket: 'files', Key: key }));
    expect(await got.Body?.transformToString()).toBe('hello');
  });
});
