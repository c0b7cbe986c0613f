import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CloudFrontClient, type PublishResult, publishSite } from '@app/deploy';
import { S3Client } from '@aws-sdk/client-s3';
import { repoRoot } from './paths';
import { type ManagedProcess, startProcess, waitUntilReady } from './processes';
import type { StackInfo } from './stack';

const run = promisify(execFile);
export const webDir = join(repoRoot, 'apps', 'web');

/** The web app's runtime settings, served as /config.json (the same file a deploy uploads). */
export type WebConfig = Record<string, unknown>;

/** `next dev` on loopback, with the stack's settings in public/config.json. */
export async function startWebDev(opts: {
  port: number;
  config: WebConfig;
  logDir: string;
}): Promise<ManagedProcess> {
  writeFileSync(join(webDir, 'public', 'config.json'), JSON.stringify(opts.config, null, 2));
  const proc = startProcess({
    name: 'web',
    command: process.execPath,
    args: [
      join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next'),
      'dev',
      '-H',
      '127.0.0.1',
      '-p',
      String(opts.port),
    ],
    cwd: webDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    logDir: opts.logDir,
  });
  await waitUntilReady(
    proc,
    async () => (await fetch(`http://127.0.0.1:${opts.port}/config.json`)).ok,
    90_000,
    'next dev answered',
  );
  return proc;
}

/** Builds the static export (`next build` with output: 'export') into apps/web/out. */
export async function buildWeb(): Promise<void> {
  await run(process.execPath, [join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: webDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * Publishes apps/web/out to the local site bucket with the deploy's own publish code, as the
 * deployer, through the checking S3 gateway, and invalidates the local distribution.
 */
export async function publishLocalSite(
  info: Pick<
    StackInfo,
    'region' | 's3Endpoint' | 'buckets' | 'deployerCredentials' | 'cloudfrontEndpoint' | 'distributionId'
  >,
  webConfig: WebConfig,
  log: (line: string) => void,
  outDir = join(webDir, 'out'),
): Promise<PublishResult> {
  if (!existsSync(join(outDir, 'index.html')))
    throw new Error(`No static export in ${outDir}: run the web build first (npm run build -w apps/web)`);
  const bucket = info.buckets.site;
  if (!bucket) throw new Error('serverless.yml declares no SiteBucket for the web app');
  return publishSite({
    s3: new S3Client({
      region: info.region,
      endpoint: info.s3Endpoint,
      forcePathStyle: true,
      credentials: info.deployerCredentials,
    }),
    bucket,
    outDir,
    webConfig,
    cloudfront: new CloudFrontClient({
      region: info.region,
      endpoint: info.cloudfrontEndpoint,
      credentials: info.deployerCredentials,
    }),
    distributionId: info.distributionId,
    log,
  });
}
