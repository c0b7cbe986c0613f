import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

/** Hashed build output: a new build writes new names, so a year in every cache is safe. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** HTML and config.json: every load revalidates, so a deploy is seen at once. */
export const REVALIDATE = 'no-cache';
const OTHER = 'public, max-age=3600';
const MANIFEST_KEY = '_publish/manifest.json';
/** More changed paths than this are one `/*` invalidation (CloudFront bills per path). */
const MAX_INVALIDATION_PATHS = 15;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
};

export function cacheControlFor(key: string): string {
  if (key.startsWith('_next/static/')) return IMMUTABLE;
  if (key.endsWith('.html') || key === 'config.json') return REVALIDATE;
  return OTHER;
}

export interface PublishOptions {
  s3: S3Client;
  bucket: string;
  /** The static export (`apps/web/out`). */
  outDir: string;
  /** The web app's runtime settings, written as `config.json` (from the stack outputs). */
  webConfig: Record<string, unknown>;
  cloudfront?: CloudFrontClient;
  distributionId?: string;
  log?: (line: string) => void;
}

export interface PublishResult {
  uploaded: string[];
  unchanged: number;
  deleted: string[];
  /** Hashed chunks of the previous deploy, kept so open tabs can still load them. */
  keptFromPrevious: string[];
  invalidated: string[];
}

interface Manifest {
  publishedAt: string;
  files: string[];
}

function listFiles(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(root, path));
    else out.push(relative(root, path).split(sep).join('/'));
  }
  return out;
}

async function remoteObjects(s3: S3Client, bucket: string): Promise<Map<string, string>> {
  const objects = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key) objects.set(o.Key, (o.ETag ?? '').replace(/"/g, ''));
    token = page.NextContinuationToken;
  } while (token);
  return objects;
}

async function previousManifest(s3: S3Client, bucket: string): Promise<Manifest | undefined> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: MANIFEST_KEY }));
    return JSON.parse(await (object.Body?.transformToString() ?? Promise.resolve('{}'))) as Manifest;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

const md5 = (body: Buffer | string) => createHash('md5').update(body).digest('hex');

/**
 * Publishes the static export to the site bucket, the same code for AWS (`npm run deploy`) and for
 * the local stack (`npm start`): uploads what changed with its cache headers, writes config.json,
 * keeps the previous deploy's hashed chunks (deletes older ones and stale pages), and invalidates
 * the changed non-hashed paths at the distribution.
 */
export async function publishSite(opts: PublishOptions): Promise<PublishResult> {
  const { s3, bucket } = opts;
  const log = opts.log ?? (() => undefined);
  const files = listFiles(opts.outDir).filter((k) => k !== 'config.json' && k !== MANIFEST_KEY);
  const [remote, previous] = await Promise.all([remoteObjects(s3, bucket), previousManifest(s3, bucket)]);

  const bodies = new Map<string, Buffer | string>(files.map((k) => [k, readFileSync(join(opts.outDir, k))]));
  bodies.set('config.json', `${JSON.stringify(opts.webConfig, null, 2)}\n`);
  const changed = [...bodies.keys()].filter((key) => remote.get(key) !== md5(bodies.get(key) as Buffer));
  const upload = async (keys: string[]) => {
    const queue = [...keys];
    const worker = async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
        await s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: bodies.get(key),
            ContentType: TYPES[extname(key)] ?? 'application/octet-stream',
            CacheControl: cacheControlFor(key),
          }),
        );
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  };
  // Hashed chunks first: a page must never reach a viewer before the chunks it names.
  const isChunk = (key: string) => key.startsWith('_next/static/');
  await upload(changed.filter(isChunk));
  await upload(changed.filter((k) => !isChunk(k)));

  const current = new Set(bodies.keys());
  const previousFiles = new Set(previous?.files ?? []);
  const keptFromPrevious: string[] = [];
  const deleted: string[] = [];
  for (const key of remote.keys()) {
    if (current.has(key) || key === MANIFEST_KEY) continue;
    if (key.startsWith('_next/static/') && previousFiles.has(key)) keptFromPrevious.push(key);
    else deleted.push(key);
  }
  for (let i = 0; i < deleted.length; i += 1000) {
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: deleted.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true },
      }),
    );
  }
  const manifest: Manifest = { publishedAt: new Date().toISOString(), files: [...current] };
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: MANIFEST_KEY,
      Body: JSON.stringify(manifest),
      ContentType: 'application/json',
      CacheControl: REVALIDATE,
    }),
  );

  // Hashed chunks are new names: only the rest can be stale at the edge.
  const stale = [...changed.filter((k) => remote.has(k)), ...deleted]
    .filter((k) => !k.startsWith('_next/static/'))
    .map((k) => `/${k}`);
  const invalidated = stale.length > MAX_INVALIDATION_PATHS ? ['/*'] : stale;
  if (invalidated.length > 0 && opts.cloudfront && opts.distributionId) {
    await opts.cloudfront.send(
      new CreateInvalidationCommand({
        DistributionId: opts.distributionId,
        InvalidationBatch: {
          CallerReference: `publish-${Date.now()}`,
          Paths: { Quantity: invalidated.length, Items: invalidated },
        },
      }),
    );
  }
  log(
    `  published ${bucket}: ${changed.length} uploaded, ${files.length + 1 - changed.length} unchanged, ` +
      `${deleted.length} deleted, ${keptFromPrevious.length} previous chunks kept, ${invalidated.length} invalidated`,
  );
  return {
    uploaded: changed,
    unchanged: files.length + 1 - changed.length,
    deleted,
    keptFromPrevious,
    invalidated,
  };
}

export { CloudFrontClient };
