import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './paths';
import { assertPortsFree, type Ports, portPlan, waitForPortsFree } from './ports';
import { stopProcess } from './processes';
import { createStackContext, type StackState, type StackStep } from './stack-context';
import { STACK_STEPS, STAGE } from './stack-steps';
import { cleanUpStaleStack, forgetChildren, recordChildren } from './stale';

export { STAGE };

/** The contract of SPEC §3, written to `<dataDir>/stack.json` when the stack is ready. */
export interface StackInfo {
  region: string;
  webUrl: string;
  apiUrl: string;
  dynamodbEndpoint: string;
  s3Endpoint: string;
  cognitoIdpEndpoint: string;
  cognitoIdentityEndpoint: string;
  sesEndpoint: string;
  mailboxUrl: string;
  userPoolId: string;
  userPoolClientId: string;
  identityPoolId: string;
  buckets: { files: string; media: string } & Record<string, string>;
  tables: Record<string, string>;
  /** Where thumbnails/ is public: the edge (CloudFront), as in config.json. */
  mediaPublicUrl: string;
  /** The local CloudFront distribution (`webUrl`) and the endpoint of its API (invalidations). */
  distributionId: string;
  cloudfrontEndpoint: string;
  /** `next dev` (LOCAL_STACK_WEB=dev only): its own origin, calling the API origin directly. */
  webDevUrl?: string;
  /** An administrator's access key (the deployer), as the S3 gateway knows it: publishes the site. */
  deployerCredentials: { accessKeyId: string; secretAccessKey: string };
  jwtIssuer: string;
  lambdaEndpoint: string;
  /**
   * Each function's own access key (its role), by function key, as the Lambdas use them: the S3,
   * DynamoDB, SES and Cognito IdP gateways check every call against that function's `iamRoleStatements`.
   */
  lambdaCredentials: Record<string, { accessKeyId: string; secretAccessKey: string }>;
  /** The checking gateways the Lambdas call instead of DynamoDB Local, the SES and Cognito IdP emulators. */
  lambdaDynamodbEndpoint: string;
  lambdaSesEndpoint: string;
  lambdaCognitoIdpEndpoint: string;
  stage: string;
  pid: number;
  dataDir: string;
  logsDir: string;
  ports: Ports;
}

export interface StackOptions {
  portBase: number;
  dataDir: string;
  web: 'dev' | 'static' | 'none';
  /** Echo serverless-offline's output (Lambda logs) to this terminal. */
  echo: boolean;
  /** DynamoDB Local in memory (tests, benchmarks): faster, nothing persists. */
  dynamoDbInMemory?: boolean;
  /** Warm Lambdas re-import their handler when serverless-esbuild rebuilt it (dev default). */
  reloadHandlers?: boolean;
  /** Lifetime of identity-pool credentials (tests shorten it). */
  credentialTtlSeconds?: number;
  /**
   * The template (relative to the repository root; default serverless.yml). The stack watches it
   * and applies edited function roles while running, as a deploy would.
   */
  configFile?: string;
  log?: (line: string) => void;
}

export interface RunningStack {
  info: StackInfo;
  /** Resolves with the name of a child that died on its own after start-up. */
  crashed: Promise<string>;
  stop(): Promise<void>;
}

function writeJsonAtomic(file: string, value: unknown) {
  writeFileSync(`${file}.tmp-${process.pid}`, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(`${file}.tmp-${process.pid}`, file);
}

function loadState(stateFile: string): StackState {
  const saved: Partial<StackState> = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {};
  return {
    ...saved,
    identityPoolId: saved.identityPoolId ?? `us-east-1:${randomUUID()}`,
    lambdaAccessKeyId: saved.lambdaAccessKeyId ?? `AKIALOCAL${randomBytes(6).toString('hex').toUpperCase()}`,
    lambdaSecretAccessKey: saved.lambdaSecretAccessKey ?? randomBytes(30).toString('base64'),
    oacAccessKeyId: saved.oacAccessKeyId ?? `AKIALOCALCF${randomBytes(5).toString('hex').toUpperCase()}`,
    oacSecretAccessKey: saved.oacSecretAccessKey ?? randomBytes(30).toString('base64'),
    deployerAccessKeyId:
      saved.deployerAccessKeyId ?? `AKIALOCALDEP${randomBytes(4).toString('hex').toUpperCase()}`,
    deployerSecretAccessKey: saved.deployerSecretAccessKey ?? randomBytes(30).toString('base64'),
  };
}

/** Runs the named steps of `STACK_STEPS` (stack-steps.ts) in order; on failure stops what started. */
export async function startStack(
  options: StackOptions,
  steps: StackStep[] = STACK_STEPS,
): Promise<RunningStack> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dataDir = options.dataDir;
  const logsDir = join(dataDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const stoppedLeftovers = cleanUpStaleStack(dataDir, log);
  const ports = portPlan(options.portBase);
  // After a `kill -9` of the orchestrator, its children were just stopped: wait for their ports.
  if (stoppedLeftovers > 0) await waitForPortsFree(ports, 30_000);
  else await assertPortsFree(ports);
  const stateFile = join(dataDir, 'state.json');
  const url = (port: number) => `http://127.0.0.1:${port}`;
  const ctx = createStackContext(
    {
      options,
      log,
      dataDir,
      logsDir,
      ports,
      state: loadState(stateFile),
      saveState: () => writeJsonAtomic(stateFile, ctx.state),
      configFile: options.configFile ?? 'serverless.yml',
      baseEnv: {
        ...process.env,
        // The browser's origin (API and S3 CORS): the edge, or next dev's own origin.
        LOCAL_WEB_ORIGIN: url(options.web === 'dev' ? ports.webDev : ports.web),
        LOCAL_STACK_DIR: dataDir,
        LOCAL_ESBUILD_WORK_FOLDER: relative(repoRoot, join(dataDir, 'esbuild')),
      },
      startedAt: Date.now(),
      url,
    },
    (processes) => recordChildren(dataDir, processes),
  );
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await Promise.all(ctx.processes.map((p) => stopProcess(p)));
    await Promise.all(ctx.servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    for (const close of ctx.closers.reverse()) await close();
    forgetChildren(dataDir);
  };

  try {
    for (const step of steps) {
      try {
        await step.run(ctx);
      } catch (error) {
        throw new Error(`${step.name}: ${(error as Error).message}`, { cause: error });
      }
    }
    const info = ctx.need('info');
    writeJsonAtomic(join(dataDir, 'stack.json'), info);
    log(`  ready in ${((Date.now() - ctx.startedAt) / 1000).toFixed(1)} s`);
    const crashed = new Promise<string>((resolve) => {
      for (const p of ctx.processes) {
        void p.exited.then(() => {
          if (!stopping && !p.stopping) resolve(p.name);
        });
      }
    });
    return { info, crashed, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
