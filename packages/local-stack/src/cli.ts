import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { nodeVersionProblem } from './node-version';
import { stackDir } from './paths';
import { DEFAULT_PORT_BASE, PORT_OFFSETS } from './ports';
import { tailLog } from './processes';
import { type StackInfo, startStack } from './stack';
import { cleanUpStaleStack } from './stale';

const USAGE = `Usage: tsx packages/local-stack/src/cli.ts <start|reset|invalidate>
  start               run the whole product locally (Ctrl-C stops everything)
  reset               delete local data (.local/, or LOCAL_STACK_DIR)
  invalidate <path…>  clear the local edge's cache ('/*', '/blog*', '/api/posts*')
Environment: LOCAL_STACK_PORT_BASE (default ${DEFAULT_PORT_BASE}), LOCAL_STACK_DIR (default .local),
             LOCAL_STACK_WEB=static|dev|none (default static: the published export through the edge), LOCAL_STACK_QUIET=1 (no Lambda logs),
             LOCAL_STACK_DYNAMODB_IN_MEMORY=1 (nothing persists), LOCAL_STACK_RELOAD_HANDLERS=0 (never reload a rebuilt handler),
             LOCAL_STACK_CONFIG=<file> (template in the repository root, default serverless.yml)`;

async function start() {
  const portBase = Number(process.env.LOCAL_STACK_PORT_BASE ?? DEFAULT_PORT_BASE);
  const web = (process.env.LOCAL_STACK_WEB ?? 'static') as 'dev' | 'static' | 'none';
  if (!Number.isInteger(portBase) || portBase < 1024 || portBase > 65000)
    throw new Error('LOCAL_STACK_PORT_BASE must be a port number');
  if (!['dev', 'static', 'none'].includes(web))
    throw new Error('LOCAL_STACK_WEB must be dev, static or none');
  const dataDir = stackDir();
  const ttl = process.env.LOCAL_STACK_CREDENTIAL_TTL
    ? Number(process.env.LOCAL_STACK_CREDENTIAL_TTL)
    : undefined;
  console.log(
    `Starting the local stack (data in ${dataDir}, ports ${portBase}–${portBase + Math.max(...Object.values(PORT_OFFSETS))})…`,
  );
  const stack = await startStack({
    portBase,
    dataDir,
    web,
    echo: process.env.LOCAL_STACK_QUIET !== '1',
    credentialTtlSeconds: ttl,
    dynamoDbInMemory: process.env.LOCAL_STACK_DYNAMODB_IN_MEMORY === '1',
    reloadHandlers: process.env.LOCAL_STACK_RELOAD_HANDLERS !== '0',
    configFile: process.env.LOCAL_STACK_CONFIG,
  });
  const i = stack.info;
  console.log(`
  MyTodoList + MyBlog is running locally.

  Web app (edge)   ${i.webUrl}   site, /api/*, /thumbnails/* — the local CloudFront ${i.distributionId}${
    i.webDevUrl ? `\n  next dev         ${i.webDevUrl}` : ''
  }
  API (origin)     ${i.apiUrl}
  CloudFront API   ${i.cloudfrontEndpoint}   (npm run edge:invalidate -- '/path*')
  Local mailbox    ${i.mailboxUrl}   (confirmation codes and welcome emails land here)
  S3 (checked)     ${i.s3Endpoint}
  DynamoDB         ${i.dynamodbEndpoint}
  Cognito IdP      ${i.cognitoIdpEndpoint}   user pool ${i.userPoolId}
  Cognito Identity ${i.cognitoIdentityEndpoint}   identity pool ${i.identityPoolId}
  SES              ${i.sesEndpoint}
  Logs             ${i.logsDir}
  Stack details    ${join(dataDir, 'stack.json')}

  Ctrl-C stops everything.`);

  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log('\nStopping the local stack…');
    await stack.stop();
    rmSync(join(dataDir, 'stack.json'), { force: true });
    console.log('Stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGHUP', () => void shutdown(0));
  const name = await stack.crashed;
  console.error(
    `\n${name} stopped unexpectedly. Last lines of its log:\n${tailLog(join(i.logsDir, `${name}.log`))}`,
  );
  await shutdown(1);
}

async function main() {
  const problem = nodeVersionProblem();
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  const command = process.argv[2];
  if (command === 'start') return start();
  if (command === 'invalidate') {
    const paths = process.argv.slice(3);
    if (paths.length === 0) throw new Error('invalidate needs one or more paths, e.g. /*');
    const info = JSON.parse(readFileSync(join(stackDir(), 'stack.json'), 'utf8')) as StackInfo;
    const cloudfront = new CloudFrontClient({
      region: info.region,
      endpoint: info.cloudfrontEndpoint,
      credentials: info.deployerCredentials,
    });
    const { Invalidation } = await cloudfront.send(
      new CreateInvalidationCommand({
        DistributionId: info.distributionId,
        InvalidationBatch: {
          CallerReference: `cli-${Date.now()}`,
          Paths: { Quantity: paths.length, Items: paths },
        },
      }),
    );
    console.log(`Invalidation ${Invalidation?.Id} ${Invalidation?.Status}: ${paths.join(' ')}`);
    return;
  }
  if (command === 'reset') {
    const dir = stackDir();
    if (existsSync(dir)) cleanUpStaleStack(dir, (line) => console.log(line)); // refuses while a stack runs
    rmSync(dir, { recursive: true, force: true });
    console.log(`Deleted ${dir}.`);
    return;
  }
  console.error(USAGE);
  process.exit(2);
}

main().catch((error: Error) => {
  console.error(`\nlocal stack: ${error.message}`);
  process.exit(1);
});
