import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { S3Client } from '@aws-sdk/client-s3';
import { deployedPostsTableType, postsTableMigrationProblem } from './posts-table-guard';
import { type PublishResult, publishSite } from './publish';
import { type WebConfig, webConfigFromLocalStack, webConfigFromOutputs } from './web-config';

export const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const SERVICE = 'mytodolist-myblog';

export interface DeployOptions {
  stage: string;
  region: string;
  /** `--param=…` values passed to `serverless deploy`. */
  params: string[];
  /** Publish only (the stack is already deployed). */
  skipInfrastructure: boolean;
  skipBuild: boolean;
  /** The static export to publish (default apps/web/out). */
  outDir: string;
  /** Stage `local`: the running local stack's stack.json. */
  stackJson: string;
  log: (line: string) => void;
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', SLS_TELEMETRY_DISABLED: '1' },
    });
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')} exited ${code}`)),
    );
  });
}

interface Target {
  s3: S3Client;
  cloudfront: CloudFrontClient;
  bucket: string;
  distributionId: string;
  webConfig: WebConfig;
}

/** The local stack as a deploy target: the same publish, against the local S3 and edge. */
function localTarget(stackJson: string): Target {
  const info = JSON.parse(readFileSync(stackJson, 'utf8'));
  const credentials = info.deployerCredentials;
  return {
    s3: new S3Client({ region: info.region, endpoint: info.s3Endpoint, forcePathStyle: true, credentials }),
    cloudfront: new CloudFrontClient({ region: info.region, endpoint: info.cloudfrontEndpoint, credentials }),
    bucket: info.buckets.site,
    distributionId: info.distributionId,
    webConfig: webConfigFromLocalStack(info),
  };
}

async function awsTarget(stage: string, region: string): Promise<Target> {
  const cloudformation = new CloudFormationClient({ region });
  const { Stacks } = await cloudformation.send(
    new DescribeStacksCommand({ StackName: `${SERVICE}-${stage}` }),
  );
  const outputs = Object.fromEntries(
    (Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
  );
  return {
    s3: new S3Client({ region }),
    // CloudFront's API lives in us-east-1 whatever the stack's region.
    cloudfront: new CloudFrontClient({ region: 'us-east-1' }),
    bucket: outputs.SiteBucketName ?? '',
    distributionId: outputs.DistributionId ?? '',
    webConfig: webConfigFromOutputs(outputs, region),
  };
}

/**
 * `npm run deploy -- --stage <s> [--param=…]`: `serverless deploy`, the static export, then the
 * same publish as the local stack's (cache headers, previous chunks kept, config.json from the
 * stack outputs, invalidation of what changed). `--stage local` publishes to the running local stack.
 */
export async function deploy(opts: DeployOptions): Promise<PublishResult> {
  const local = opts.stage === 'local';
  if (!local && !opts.skipInfrastructure) {
    const stackName = `${SERVICE}-${opts.stage}`;
    const problem = postsTableMigrationProblem(
      await deployedPostsTableType(stackName, opts.region),
      stackName,
    );
    if (problem) throw new Error(problem);
    opts.log(`serverless deploy --stage ${opts.stage}`);
    await run(
      process.execPath,
      [
        join(repoRoot, 'node_modules', 'osls', 'bin', 'serverless.js'),
        'deploy',
        '--stage',
        opts.stage,
        '--region',
        opts.region,
        ...opts.params,
      ],
      repoRoot,
    );
  }
  const target = local ? localTarget(opts.stackJson) : await awsTarget(opts.stage, opts.region);
  if (!target.bucket || !target.distributionId)
    throw new Error('The stack has no SiteBucketName/DistributionId output');
  if (!opts.skipBuild) {
    opts.log('next build (static export)');
    await run(
      process.execPath,
      [join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'],
      join(repoRoot, 'apps', 'web'),
    );
  }
  return publishSite({ ...target, outDir: opts.outDir, log: opts.log });
}
