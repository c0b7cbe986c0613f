import { mkdtempSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityService } from '../identity';
import { startTestIssuer, type TestIssuer } from '../identity/test-issuer';
import { createS3Gateway, type PolicyDocument } from './index';
import { decodeStoredKey, encodeStoredKey } from './stored-key';
import {
  identityRolePolicies as identityPolicies,
  listenOnRandomPort,
  type RunningServer,
  startTestS3rver,
} from './test-servers';

/**
 * Path traversal through the gateway (issue 11): in S3 a key is literal, so `private/A/../B/x` is an
 * odd key inside A's prefix. Before the fix the gateway authorized that key against A's prefix and
 * s3rver then resolved it as a file path, into B's prefix.
 */
const region = 'us-east-1';
const identityPoolId = 'us-east-1:11111111-2222-4333-8444-666666666666';
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
    ],
  },
};

interface User {
  id: string;
  credentials: Awaited<ReturnType<ReturnType<typeof fromCognitoIdentityPool>>>;
  s3: S3Client;
}
let issuer: TestIssuer;
let s3rver: RunningServer;
let identityServer: RunningServer;
let gateway: RunningServer;
let dataDir: string;
let a: User;
let b: User;

const client = (credentials: User['credentials']) =>
  new S3Client({ endpoint: gateway.url, forcePathStyle: true, region, credentials, maxAttempts: 1 });

async function signIn(sub: string): Promise<User> {
  const provider = fromCognitoIdentityPool({
    identityPoolId,
    logins: { [`cognito-idp.${region}.amazonaws.com/${issuer.userPoolId}`]: await issuer.idToken(sub) },
    clientConfig: { region, endpoint: identityServer.url },
  });
  const credentials = await provider();
  return { id: String(credentials.identityId), credentials, s3: client(credentials) };
}

type Middleware = Parameters<S3Client['middlewareStack']['addRelativeTo']>[0];
/** A client whose next request goes to `rawPath` exactly as written (signed that way, sent that way). */
function onRawPath(user: User, rawPath: string): S3Client {
  const c = client(user.credentials);
  const setPath = ((next: (args: { request: unknown }) => Promise<unknown>) =>
    async (args: { request: unknown }) => {
      (args.request as { path: string }).path = rawPath;
      return next(args);
    }) as unknown as Middleware;
  c.middlewareStack.addRelativeTo(setPath, {
    relation: 'before',
    toMiddleware: 'httpSigningMiddleware',
    name: 'rawPath',
  });
  return c;
}

async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (error instanceof S3ServiceException) return error.name;
    throw error;
  }
}

async function read(user: User, key: string): Promise<string> {
  const got = await user.s3.send(new GetObjectCommand({ Bucket: 'files', Key: key }));
  return (await got.Body?.transformToString()) ?? '';
}

/** A plain HTTP GET that sends the path as written (fetch/undici would normalize `..` first). */
function rawGet(url: string): Promise<{ status: number; body: string }> {
  const [, host = '', port = '', path = ''] = /^http:\/\/([^:/]+):(\d+)(\/.*)$/.exec(url) ?? [];
  return new Promise((resolve, reject) => {
    httpGet({ host, port, path }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        body += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

beforeAll(async () => {
  issuer = await startTestIssuer();
  s3rver = await startTestS3rver([{ name: 'files' }, { name: 'media' }]);
  dataDir = mkdtempSync(join(tmpdir(), 's3-traversal-'));
  const identity = createIdentityService({
    region,
    identityPoolId,
    allowUnauthenticated: false,
    userPool: { issuer: issuer.issuer, clientIds: [issuer.clientId] },
    dataDir,
  });
  identityServer = await listenOnRandomPort(identity.handler);
  gateway = await listenOnRandomPort(
    createS3Gateway({
      upstream: s3rver.url,
      region,
      credentials: identity.credentials,
      identityPolicies,
      lambdaPolicies: {},
      bucketPolicies,
      // Block Public Access off for media, so the public thumbnails/ statement reaches anonymous
      // callers and a traversal attempt would show (a missing key is then 404, not 403).
      publicAccessBlock: {
        media: {
          BlockPublicAcls: false,
          IgnorePublicAcls: false,
          BlockPublicPolicy: false,
          RestrictPublicBuckets: false,
        },
      },
    }),
  );
  a = await signIn('traversal-a');
  b = await signIn('traversal-b');
});

afterAll(async () => {
  for (const server of [gateway, identityServer, s3rver]) await server?.close();
  await issuer?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('stored keys', () => {
  it('never contain a ".", ".." or empty segment, and decode back to the literal key', () => {
    for (const key of ['private/A/../B/x', './..', '..', '/x', 'a//b/', 'a/.hidden', '%2e%2e/%25', 'a/b.c']) {
      const stored = encodeStoredKey(key);
      expect(stored.split('/').slice(0, -1), key).not.toContain('');
      expect(
        stored.split('/').some((s) => s === '.' || s === '..'),
        key,
      ).toBe(false);
      expect(decodeStoredKey(stored)).toBe(key);
    }
    expect(encodeStoredKey('private/u/photo.v2.png')).toBe('private/u/photo.v2.png');
  });

  it('keep prefixes: encode(prefix) starts encode(key)', () => {
    const key = 'private/A/../B/.x//y';
    for (let i = 0; i <= key.length; i++) {
      expect(encodeStoredKey(key).startsWith(encodeStoredKey(key.slice(0, i)))).toBe(true);
    }
  });
});

describe('S3 gateway: keys are literal (no path traversal into another prefix)', () => {
  const secret = () => `private/${b.id}/secret.txt`;
  /** Wire paths that a filesystem would resolve to B's secret, all authorized against A's prefix. */
  const attacks = () => [
    `/files/private/${a.id}/../${b.id}/secret.txt`,
    `/files/private/${a.id}/./../${b.id}/secret.txt`,
    `/files/private/${a.id}/%2e%2e/${b.id}/secret.txt`,
    `/files/private/${a.id}/..%2F${b.id}/secret.txt`,
    `/files/private/${a.id}%2F..%2F${b.id}%2Fsecret.txt`,
  ];

  beforeAll(async () => {
    await b.s3.send(new PutObjectCommand({ Bucket: 'files', Key: secret(), Body: 'b only' }));
  });

  it("GetObject through '..' (plain, './..', %2e%2e, ..%2F, %2F..%2F) never reads B's object", async () => {
    for (const path of attacks()) {
      const result = await outcome(
        onRawPath(a, path).send(new GetObjectCommand({ Bucket: 'files', Key: 'x' })),
      );
      expect(result, path).toBe('NoSuchKey');
    }
  });

  it("PutObject and DeleteObject through '..' leave B's object alone; A gets its odd literal key", async () => {
    for (const path of attacks()) {
      await onRawPath(a, path).send(new PutObjectCommand({ Bucket: 'files', Key: 'x', Body: 'planted' }));
      await onRawPath(a, path).send(new DeleteObjectCommand({ Bucket: 'files', Key: 'x' }));
      await onRawPath(a, path).send(new PutObjectCommand({ Bucket: 'files', Key: 'x', Body: 'planted' }));
      expect(await read(b, secret()), path).toBe('b only');
    }
    const odd = `private/${a.id}/../${b.id}/secret.txt`;
    expect(await read(a, odd)).toBe('planted');
    const listed = await a.s3.send(new ListObjectsV2Command({ Bucket: 'files', Prefix: `private/${a.id}/` }));
    expect(listed.Contents?.map((o) => o.Key)).toContain(odd);
  });

  it("DeleteObjects, CopyObject and multipart uploads with '..' keys stay in A's prefix", async () => {
    const odd = `private/${a.id}/../${b.id}/secret.txt`;
    const deleted = await a.s3.send(
      new DeleteObjectsCommand({ Bucket: 'files', Delete: { Objects: [{ Key: odd }] } }),
    );
    expect(deleted.Deleted?.map((d) => d.Key)).toEqual([odd]);
    expect(await read(b, secret())).toBe('b only');

    const copy = new CopyObjectCommand({
      Bucket: 'files',
      Key: `private/${a.id}/stolen.txt`,
      CopySource: `files/${odd}`,
    });
    expect(await outcome(a.s3.send(copy))).toBe('NoSuchKey');

    const created = await a.s3.send(new CreateMultipartUploadCommand({ Bucket: 'files', Key: odd }));
    expect(created.Key).toBe(odd);
    const part = await a.s3.send(
      new UploadPartCommand({
        Bucket: 'files',
        Key: odd,
        UploadId: created.UploadId,
        PartNumber: 1,
        Body: 'mp',
      }),
    );
    await a.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'files',
        Key: odd,
        UploadId: created.UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    expect(await read(b, secret())).toBe('b only');
    expect(await read(a, odd)).toBe('mp');
  });

  it("ListObjects with a '..' prefix lists nothing of B's", async () => {
    const listed = await a.s3.send(
      new ListObjectsV2Command({ Bucket: 'files', Prefix: `private/${a.id}/../${b.id}/` }),
    );
    expect(listed.Contents?.map((o) => o.Key) ?? []).not.toContain(secret());
  });

  it("a presigned GET through '..' does not read B's object", async () => {
    const url = await getSignedUrl(
      a.s3,
      new GetObjectCommand({ Bucket: 'files', Key: `private/${a.id}/../${b.id}/secret.txt` }),
      { expiresIn: 60 },
    );
    expect(url).toContain('/../'); // the SDK signs and sends the key literally
    const res = await rawGet(url);
    expect(res.body).not.toContain('b only');
  });

  it('anonymous callers cannot read uploads through thumbnails/../, nor can A plant thumbnails', async () => {
    const upload = `uploads/${a.id}/photo.jpg`;
    await a.s3.send(new PutObjectCommand({ Bucket: 'media', Key: upload, Body: 'original bytes' }));
    for (const path of [`/media/thumbnails/../${upload}`, `/media/thumbnails/%2e%2e/${upload}`]) {
      const res = await rawGet(`${gateway.url}${path}`);
      expect(res.body, path).not.toContain('original bytes');
      expect(res.status, path).toBe(404);
    }
    await a.s3.send(
      new PutObjectCommand({ Bucket: 'media', Key: `uploads/${a.id}/../../thumbnails/x.webp`, Body: 'fake' }),
    );
    expect((await rawGet(`${gateway.url}/media/thumbnails/x.webp`)).status).toBe(404);
  });
});
