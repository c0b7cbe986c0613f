import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTables, dynamoDbClient, startDynamoDbLocal } from '@app/local-stack/dynamodb-local';
import { stopProcess } from '@app/local-stack/processes';
import { startS3rver } from '@app/local-stack/s3';
import type { ServerlessConfig } from '@app/local-stack/template';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { type FunctionArtifact, runHandler } from './artifacts';
import type { Template } from './template-rules';

const USER = '3f1c2b7e-0000-4000-8000-00000000cafe';
const UPLOAD = `uploads/${USER}/verify-deploy.jpg`;
const GONE = `uploads/${USER}/deleted-before-processing.jpg`;

const s3Event = (bucket: string, key: string) => ({
  Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: bucket }, object: { key, size: 1 } } }],
});

/** A real 1600×1200 JPEG (a gradient with a circle), made here so the check needs no fixture file. */
async function sampleJpeg(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1200">
    <defs><linearGradient id="g"><stop offset="0" stop-color="#2a6"/><stop offset="1" stop-color="#fd3"/></linearGradient></defs>
    <rect width="1600" height="1200" fill="url(#g)"/><circle cx="800" cy="600" r="400" fill="#c33"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

/** Local S3 (s3rver) and DynamoDB Local (the local stack's own launcher), on the given ports. */
async function startBackends(template: Template, portBase: number) {
  const dir = await mkdtemp(join(tmpdir(), 'verify-thumbnail-'));
  // Only the tables and buckets of the packaged template, created by the local stack's own code.
  const config = {
    provider: { region: 'us-east-1' },
    resources: { Resources: template.Resources },
  } as unknown as ServerlessConfig;
  const s3rver = await startS3rver({ port: portBase, dataDir: join(dir, 's3'), config, refs: {} });
  const dynamodb = await startDynamoDbLocal({
    port: portBase + 1,
    dataDir: join(dir, 'dynamodb'),
    logDir: dir,
    inMemory: true,
  });
  const endpoints = { s3: `http://127.0.0.1:${portBase}`, dynamodb: `http://127.0.0.1:${portBase + 1}` };
  await createTables(dynamoDbClient(endpoints.dynamodb, 'us-east-1'), config);
  const stop = async () => {
    await stopProcess(dynamodb);
    await s3rver.close();
    await rm(dir, { recursive: true, force: true });
  };
  return { endpoints, stop };
}

/**
 * Runs the thumbnail handler from its unzipped artifact (a fresh `node`, nothing of this repository
 * on its module path) on a real JPEG in a local S3, then checks the WebP thumbnails it wrote; and
 * on a deleted upload, which must be "gone" (not an error that S3 would retry).
 */
export async function checkThumbnailArtifact(
  fn: FunctionArtifact,
  task: string,
  template: Template,
  portBase: number,
): Promise<string[]> {
  const bucket = fn.environment.MEDIA_BUCKET ?? '';
  const { endpoints, stop } = await startBackends(template, portBase);
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const s3 = new S3Client({ region: 'us-east-1', endpoint: endpoints.s3, forcePathStyle: true, credentials });
  const env = {
    ...fn.environment,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };
  const lines: string[] = [];
  try {
    const jpeg = await sampleJpeg();
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: UPLOAD, Body: jpeg, ContentType: 'image/jpeg' }),
    );
    await runHandler(task, fn.handler, env, s3Event(bucket, UPLOAD));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `thumbnails/${USER}/` }));
    const keys = (listed.Contents ?? []).map((o) => o.Key ?? '');
    if (keys.length === 0) throw new Error('the handler wrote no thumbnail');
    for (const key of keys) {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const body = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
      const meta = await sharp(body).metadata();
      const wanted = Number(/-w(\d+)\.webp$/.exec(key)?.[1]);
      if (meta.format !== 'webp' || meta.width !== wanted)
        throw new Error(`${key}: expected a ${wanted} px wide WebP, got ${meta.format} ${meta.width} px`);
      lines.push(
        `${key}: WebP ${meta.width}×${meta.height}, ${body.length} bytes (from a ${jpeg.length}-byte 1600×1200 JPEG)`,
      );
    }
    const gone = await runHandler(task, fn.handler, env, s3Event(bucket, GONE));
    if (!/"result":"gone"/.test(gone.stdout + gone.stderr))
      throw new Error(`a deleted upload was not reported as gone:\n${gone.stdout}${gone.stderr}`);
    lines.push(`${GONE}: missing (HeadObject 404) → result "gone", no retry`);
  } finally {
    await stop();
  }
  return lines;
}
