import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, relative } from 'node:path';
import { cognitoIdpClient, cognitoTriggers, ensureUserPool, startCognito } from './cognito';
import { createTables, dynamoDbClient, startDynamoDbLocal } from './dynamodb-local';
import { createIdentityService } from './identity';
import { startOffline } from './offline';
import { repoRoot } from './paths';
import { assertPortsFree, type Ports, portPlan } from './ports';
import { type ManagedProcess, stopProcess } from './processes';
import { forwardS3Events, listen, s3EventRules, s3SetupFromConfig, startS3rver } from './s3';
import { createS3Gateway } from './s3-gateway';
import { startMailbox, startSes } from './ses';
import { cleanUpStaleStack, forgetChildren, recordChildren } from './stale';
import {
  LOCAL_ACCOUNT_ID,
  type LocalRef,
  loadServerlessConfig,
  resourcesOfType,
  staticRefs,
} from './template';
import { buildWeb, startWebDev, startWebStatic, type WebConfig } from './web';

export const STAGE = 'local';

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
  /** Public base URL of the media bucket (thumbnails/ is anonymously readable). */
  mediaPublicUrl: string;
  jwtIssuer: string;
  lambdaEndpoint: string;
  /** Access key of the Lambda execution role, as the S3 gateway knows it. */
  lambdaCredentials: { accessKeyId: string; secretAccessKey: string };
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
  /** serverless-offline re-imports handlers per request, so edits apply at once (dev default). */
  reloadHandlers?: boolean;
  /** Lifetime of identity-pool credentials (tests shorten it). */
  credentialTtlSeconds?: number;
  log?: (line: string) => void;
}

export interface RunningStack {
  info: StackInfo;
  /** Resolves with the name of a child that died on its own after start-up. */
  crashed: Promise<string>;
  stop(): Promise<void>;
}

interface State {
  userPoolId?: string;
  userPoolClientId?: string;
  identityPoolId?: string;
  lambdaAccessKeyId?: string;
  lambdaSecretAccessKey?: string;
}

function writeJsonAtomic(file: string, value: unknown) {
  writeFileSync(`${file}.tmp-${process.pid}`, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(`${file}.tmp-${process.pid}`, file);
}

function shortName(logicalId: string, suffix: string) {
  const base = logicalId.endsWith(suffix) ? logicalId.slice(0, -suffix.length) : logicalId;
  return base.charAt(0).toLowerCase() + base.slice(1);
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dataDir = options.dataDir;
  const logsDir = join(dataDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  cleanUpStaleStack(dataDir, log);
  const ports = portPlan(options.portBase);
  await assertPortsFree(ports);
  const stateFile = join(dataDir, 'state.json');
  const state: State = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {};
  state.identityPoolId ??= `us-east-1:${randomUUID()}`;
  state.lambdaAccessKeyId ??= `AKIALOCAL${randomBytes(6).toString('hex').toUpperCase()}`;
  state.lambdaSecretAccessKey ??= randomBytes(30).toString('base64');

  const url = (port: number) => `http://127.0.0.1:${port}`;
  const webUrl = url(ports.web);
  const processes: ManagedProcess[] = [];
  const servers: Server[] = [];
  let s3rverInstance: { close(): Promise<void> } | undefined;
  let stopping = false;

  const stop = async () => {
    stopping = true;
    await Promise.all(processes.map((p) => stopProcess(p)));
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    await s3rverInstance?.close().catch(() => undefined);
    forgetChildren(dataDir);
  };

  try {
    const t0 = Date.now();
    const baseEnv = {
      ...process.env,
      LOCAL_WEB_ORIGIN: webUrl,
      LOCAL_STACK_DIR: dataDir,
      LOCAL_ESBUILD_WORK_FOLDER: relative(repoRoot, join(dataDir, 'esbuild')),
    };
    const configPromise = loadServerlessConfig(STAGE, baseEnv);
    const [dynamo, ses] = await Promise.all([
      startDynamoDbLocal({
        port: ports.dynamodb,
        dataDir: join(dataDir, 'dynamodb'),
        logDir: logsDir,
        inMemory: options.dynamoDbInMemory,
      }),
      startSes({ port: ports.ses, logDir: logsDir }),
    ]);
    processes.push(dynamo, ses);
    recordChildren(dataDir, processes);
    const config = await configPromise;
    const region = config.provider.region;
    log(`  dynamodb, ses and serverless.yml ready (${Date.now() - t0} ms)`);

    const cognito = await startCognito({
      port: ports.cognitoIdp,
      dataDir,
      logDir: logsDir,
      lambdaEndpoint: url(ports.lambda),
      sesEndpoint: url(ports.ses),
      mailFrom: String(config.provider.environment?.MAIL_FROM ?? 'no-reply@mytodolist.local'),
      triggers: cognitoTriggers(config),
      region,
    });
    processes.push(cognito);
    recordChildren(dataDir, processes);

    const tableNames = await createTables(dynamoDbClient(url(ports.dynamodb), region), config);
    const ids = await ensureUserPool(cognitoIdpClient(url(ports.cognitoIdp), region), config, state);
    Object.assign(state, ids);
    writeJsonAtomic(stateFile, state);
    const jwtIssuer = `${url(ports.cognitoIdp)}/${ids.userPoolId}`;
    log(`  tables and user pool ready (${Date.now() - t0} ms)`);

    const refs: Record<string, LocalRef> = staticRefs(config);
    for (const [id] of resourcesOfType(config, 'AWS::Cognito::UserPool')) {
      refs[id] = {
        ref: ids.userPoolId,
        attributes: {
          ProviderName: `127.0.0.1:${ports.cognitoIdp}/${ids.userPoolId}`,
          Arn: `arn:aws:cognito-idp:${region}:${LOCAL_ACCOUNT_ID}:userpool/${ids.userPoolId}`,
        },
      };
    }
    for (const [id] of resourcesOfType(config, 'AWS::Cognito::UserPoolClient'))
      refs[id] = { ref: ids.userPoolClientId, attributes: {} };
    for (const [id] of resourcesOfType(config, 'AWS::Cognito::IdentityPool'))
      refs[id] = { ref: state.identityPoolId, attributes: {} };

    const identityPool = resourcesOfType(config, 'AWS::Cognito::IdentityPool')[0]?.[1];
    const identity = createIdentityService({
      region,
      identityPoolId: state.identityPoolId,
      allowUnauthenticated: identityPool?.Properties?.AllowUnauthenticatedIdentities === true,
      userPool: { issuer: jwtIssuer, clientIds: [ids.userPoolClientId] },
      dataDir,
      credentialTtlSeconds: options.credentialTtlSeconds,
      staticCredentials: [
        {
          accessKeyId: state.lambdaAccessKeyId,
          secretAccessKey: state.lambdaSecretAccessKey,
          principal: { kind: 'lambda' },
        },
      ],
    });
    servers.push(await listen(identity.handler, ports.cognitoIdentity));

    const s3Setup = s3SetupFromConfig(config, refs);
    const s3rver = await startS3rver({ port: ports.s3Upstream, dataDir: join(dataDir, 's3'), config, refs });
    s3rverInstance = s3rver;
    const gatewayLog = (entry: object) => {
      if (process.env.LOCAL_STACK_DEBUG_S3) log(`[s3] ${JSON.stringify(entry)}`);
    };
    servers.push(
      await listen(
        createS3Gateway({
          upstream: url(ports.s3Upstream),
          region,
          credentials: identity.credentials,
          identityPolicies: s3Setup.identityPolicies,
          lambdaPolicies: s3Setup.lambdaPolicies,
          bucketPolicies: s3Setup.bucketPolicies,
          logger: gatewayLog,
        }),
        ports.s3,
      ),
    );
    servers.push(await startMailbox({ port: ports.mailbox, sesEndpoint: url(ports.ses), dataDir }));

    const offline = await startOffline({
      stage: STAGE,
      httpPort: ports.api,
      lambdaPort: ports.lambda,
      websocketPort: ports.websocket,
      logDir: logsDir,
      echo: options.echo,
      reloadHandler: options.reloadHandlers ?? false,
      env: {
        ...baseEnv,
        LOCAL_JWT_ISSUER: jwtIssuer,
        LOCAL_USER_POOL_CLIENT_ID: ids.userPoolClientId,
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
        AWS_ACCESS_KEY_ID: state.lambdaAccessKeyId,
        AWS_SECRET_ACCESS_KEY: state.lambdaSecretAccessKey,
        AWS_SESSION_TOKEN: '',
        AWS_ENDPOINT_URL_DYNAMODB: url(ports.dynamodb),
        AWS_ENDPOINT_URL_S3: url(ports.s3),
        AWS_ENDPOINT_URL_SESV2: url(ports.ses),
        AWS_ENDPOINT_URL_SES: url(ports.ses),
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: url(ports.cognitoIdp),
      },
    });
    processes.push(offline);
    recordChildren(dataDir, processes);
    forwardS3Events({
      s3rver,
      rules: s3EventRules(config, refs),
      lambdaEndpoint: url(ports.lambda),
      region,
      log: (entry) => log(`[s3-events] ${JSON.stringify(entry)}`),
    });
    log(`  API ready (${Date.now() - t0} ms)`);

    const buckets = Object.fromEntries(
      resourcesOfType(config, 'AWS::S3::Bucket').map(([id, r]) => [
        shortName(id, 'Bucket'),
        String(r.Properties?.BucketName),
      ]),
    ) as StackInfo['buckets'];
    const tables = Object.fromEntries(
      Object.entries(tableNames).map(([id, name]) => [shortName(id, 'Table'), name]),
    );
    const info: StackInfo = {
      region,
      webUrl,
      apiUrl: url(ports.api),
      dynamodbEndpoint: url(ports.dynamodb),
      s3Endpoint: url(ports.s3),
      cognitoIdpEndpoint: url(ports.cognitoIdp),
      cognitoIdentityEndpoint: url(ports.cognitoIdentity),
      sesEndpoint: url(ports.ses),
      mailboxUrl: `${url(ports.mailbox)}/`,
      userPoolId: ids.userPoolId,
      userPoolClientId: ids.userPoolClientId,
      identityPoolId: state.identityPoolId,
      buckets,
      tables,
      mediaPublicUrl: `${url(ports.s3)}/${buckets.media}`,
      jwtIssuer,
      lambdaEndpoint: url(ports.lambda),
      lambdaCredentials: {
        accessKeyId: state.lambdaAccessKeyId,
        secretAccessKey: state.lambdaSecretAccessKey,
      },
      stage: STAGE,
      pid: process.pid,
      dataDir,
      logsDir,
      ports,
    };

    const webConfig: WebConfig = {
      region,
      apiUrl: info.apiUrl,
      userPoolId: info.userPoolId,
      userPoolClientId: info.userPoolClientId,
      identityPoolId: info.identityPoolId,
      cognitoIdpEndpoint: info.cognitoIdpEndpoint,
      cognitoIdentityEndpoint: info.cognitoIdentityEndpoint,
      s3Endpoint: info.s3Endpoint,
      buckets: info.buckets,
      mediaPublicUrl: info.mediaPublicUrl,
      mailboxUrl: info.mailboxUrl,
      local: true,
    };
    if (options.web === 'dev') {
      processes.push(await startWebDev({ port: ports.web, config: webConfig, logDir: logsDir }));
      recordChildren(dataDir, processes);
    } else if (options.web === 'static') {
      if (process.env.LOCAL_STACK_SKIP_WEB_BUILD !== '1') await buildWeb();
      servers.push(await startWebStatic({ port: ports.web, config: webConfig }));
    }

    writeJsonAtomic(join(dataDir, 'stack.json'), info);
    log(`  ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const crashed = new Promise<string>((resolve) => {
      for (const p of processes) {
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
