import { join } from 'node:path';
import { webConfigFromLocalStack } from '@app/deploy';
import { cognitoIdpClient, cognitoTriggers, ensureUserPool, startCognito } from './cognito';
import { createTables, dynamoDbClient, startDynamoDbLocal } from './dynamodb-local';
import { createDynamoDbStreamsFront } from './dynamodb-streams-front';
import { startEdge } from './edge';
import { corsFromConfig } from './http-api/cors';
import { createHttpApiFront } from './http-api/front';
import { jwtAuthorizersFromConfig } from './http-api/jwt-authorizer';
import { routesFromConfig } from './http-api/routes';
import { iamGateways, lambdaRoles } from './iam/iam-steps';
import { createIdentityService, principalTagsFromConfig } from './identity';
import { startOffline } from './offline';
import { forwardS3Events, listen, s3EventRules, s3SetupFromConfig, startS3rver } from './s3';
import { createS3Gateway } from './s3-gateway';
import { startMailbox, startSes } from './ses';
import type { StackInfo } from './stack';
import type { StackContext, StackStep } from './stack-context';
import {
  LOCAL_ACCOUNT_ID,
  type LocalRef,
  loadServerlessConfig,
  resourcesOfType,
  staticRefs,
} from './template';
import { buildWeb, publishLocalSite, startWebDev } from './web';

export const STAGE = 'local';

const elapsed = (ctx: StackContext) => `${Date.now() - ctx.startedAt} ms`;

function shortName(logicalId: string, suffix: string) {
  const base = logicalId.endsWith(suffix) ? logicalId.slice(0, -suffix.length) : logicalId;
  return base.charAt(0).toLowerCase() + base.slice(1);
}

/** DynamoDB Local and the SES emulator, started while serverless.yml is being read. */
const dynamoDbSesAndConfig: StackStep = {
  name: 'dynamodb, ses and serverless.yml',
  async run(ctx) {
    const configPromise = loadServerlessConfig(STAGE, ctx.baseEnv, ctx.configFile);
    const started = await Promise.allSettled([
      startDynamoDbLocal({
        port: ctx.ports.dynamodb,
        dataDir: join(ctx.dataDir, 'dynamodb'),
        logDir: ctx.logsDir,
        inMemory: ctx.options.dynamoDbInMemory,
      }),
      startSes({ port: ctx.ports.ses, logDir: ctx.logsDir }),
    ]);
    // Register whichever started, so a failure of the other still stops it.
    for (const result of started) if (result.status === 'fulfilled') ctx.addProcess(result.value);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    const config = await configPromise;
    ctx.provide('config', config);
    ctx.provide('region', config.provider.region);
    ctx.log(`  dynamodb, ses and serverless.yml ready (${elapsed(ctx)})`);
  },
};

const cognitoUserPools: StackStep = {
  name: 'cognito user pools',
  async run(ctx) {
    const config = ctx.need('config');
    ctx.addProcess(
      await startCognito({
        port: ctx.ports.cognitoIdp,
        dataDir: ctx.dataDir,
        logDir: ctx.logsDir,
        lambdaEndpoint: ctx.url(ctx.ports.lambda),
        sesEndpoint: ctx.url(ctx.ports.ses),
        mailFrom: String(config.provider.environment?.MAIL_FROM ?? 'no-reply@mytodolist.local'),
        triggers: cognitoTriggers(config),
        region: ctx.need('region'),
      }),
    );
  },
};

const tablesAndUserPool: StackStep = {
  name: 'tables and user pool',
  async run(ctx) {
    const config = ctx.need('config');
    const region = ctx.need('region');
    ctx.provide(
      'tableNames',
      await createTables(dynamoDbClient(ctx.url(ctx.ports.dynamodb), region), config),
    );
    const ids = await ensureUserPool(
      cognitoIdpClient(ctx.url(ctx.ports.cognitoIdp), region),
      config,
      ctx.state,
    );
    Object.assign(ctx.state, ids);
    ctx.saveState();
    ctx.provide('userPool', { ...ids, jwtIssuer: `${ctx.url(ctx.ports.cognitoIdp)}/${ids.userPoolId}` });
    ctx.log(`  tables and user pool ready (${elapsed(ctx)})`);
  },
};

function lambdaCredentialMap(ctx: StackContext) {
  return Object.fromEntries(
    ctx
      .need('lambdaRoles')
      .credentials.map((c) => [
        c.principal.functionKey,
        { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey },
      ]),
  );
}

/** Local values for the template's `Ref`/`Fn::GetAtt` (static resources plus the created pools). */
const templateRefs: StackStep = {
  name: 'template references',
  run(ctx) {
    const config = ctx.need('config');
    const region = ctx.need('region');
    const { userPoolId, userPoolClientId } = ctx.need('userPool');
    const refs: Record<string, LocalRef> = staticRefs(config);
    for (const [id] of resourcesOfType(config, 'AWS::Cognito::UserPool')) {
      refs[id] = {
        ref: userPoolId,
        attributes: {
          ProviderName: `127.0.0.1:${ctx.ports.cognitoIdp}/${userPoolId}`,
          Arn: `arn:aws:cognito-idp:${region}:${LOCAL_ACCOUNT_ID}:userpool/${userPoolId}`,
        },
      };
    }
    for (const [id] of resourcesOfType(config, 'AWS::Cognito::UserPoolClient'))
      refs[id] = { ref: userPoolClientId, attributes: {} };
    for (const [id] of resourcesOfType(config, 'AWS::Cognito::IdentityPool'))
      refs[id] = { ref: ctx.state.identityPoolId, attributes: {} };
    ctx.provide('refs', refs);
  },
};

/** The id of the template's distribution, resolved locally (the local edge). */
function localDistributionOf(ctx: StackContext): string {
  const config = ctx.need('config');
  const refs = ctx.need('refs');
  const id = resourcesOfType(config, 'AWS::CloudFront::Distribution')[0]?.[0];
  if (!id) throw new Error('serverless.yml has no AWS::CloudFront::Distribution for the local edge');
  return String(refs[id]?.ref);
}

/** The ARN bucket policies name in `AWS:SourceArn` (the template's distribution, resolved locally). */
function distributionArn(ctx: StackContext): string {
  return `arn:aws:cloudfront::${LOCAL_ACCOUNT_ID}:distribution/${localDistributionOf(ctx)}`;
}

const identityPool: StackStep = {
  name: 'cognito identity pool',
  async run(ctx) {
    const config = ctx.need('config');
    const userPool = ctx.need('userPool');
    const pool = resourcesOfType(config, 'AWS::Cognito::IdentityPool')[0]?.[1];
    const identity = createIdentityService({
      region: ctx.need('region'),
      identityPoolId: ctx.state.identityPoolId,
      allowUnauthenticated: pool?.Properties?.AllowUnauthenticatedIdentities === true,
      userPool: { issuer: userPool.jwtIssuer, clientIds: [userPool.userPoolClientId] },
      dataDir: ctx.dataDir,
      credentialTtlSeconds: ctx.options.credentialTtlSeconds,
      principalTags: principalTagsFromConfig(config, ctx.need('refs')),
      staticCredentials: [
        // Each function's key: the S3 gateway resolves it to that function's role.
        ...ctx.need('lambdaRoles').credentials,
        {
          // Origin access control: the edge signs its S3 origin requests as the distribution.
          accessKeyId: ctx.state.oacAccessKeyId,
          secretAccessKey: ctx.state.oacSecretAccessKey,
          principal: {
            kind: 'service',
            service: 'cloudfront.amazonaws.com',
            sourceArn: distributionArn(ctx),
            sourceAccount: LOCAL_ACCOUNT_ID,
          },
        },
        {
          accessKeyId: ctx.state.deployerAccessKeyId,
          secretAccessKey: ctx.state.deployerSecretAccessKey,
          principal: { kind: 'deployer' },
        },
      ],
    });
    ctx.provide('identity', identity);
    ctx.servers.push(await listen(identity.handler, ctx.ports.cognitoIdentity));
  },
};

/** s3rver (internal port) behind the policy-checking S3 gateway (public S3 port). */
const s3: StackStep = {
  name: 's3',
  async run(ctx) {
    const config = ctx.need('config');
    const refs = ctx.need('refs');
    const s3Setup = s3SetupFromConfig(config, refs);
    ctx.provide('s3Setup', s3Setup);
    const s3rver = await startS3rver({
      port: ctx.ports.s3Upstream,
      dataDir: join(ctx.dataDir, 's3'),
      config,
      refs,
    });
    ctx.closers.push(() => s3rver.close().catch(() => undefined));
    ctx.provide('s3rver', s3rver);
    const gateway = createS3Gateway({
      upstream: ctx.url(ctx.ports.s3Upstream),
      region: ctx.need('region'),
      credentials: ctx.need('identity').credentials,
      identityPolicies: s3Setup.identityPolicies,
      lambdaPolicies: ctx.need('lambdaRoles').policies,
      bucketPolicies: s3Setup.bucketPolicies,
      publicAccessBlock: s3Setup.publicAccessBlock,
      logger: (entry: object) => {
        if (process.env.LOCAL_STACK_DEBUG_S3) ctx.log(`[s3] ${JSON.stringify(entry)}`);
      },
    });
    ctx.servers.push(await listen(gateway, ctx.ports.s3));
  },
};

const mailbox: StackStep = {
  name: 'mailbox',
  async run(ctx) {
    ctx.servers.push(
      await startMailbox({
        port: ctx.ports.mailbox,
        sesEndpoint: ctx.url(ctx.ports.ses),
        dataDir: ctx.dataDir,
      }),
    );
  },
};

/** DynamoDB Streams as the stream poller sees them in AWS (records carry the region it read in). */
const dynamoDbStreamsFront: StackStep = {
  name: 'dynamodb streams front',
  async run(ctx) {
    const front = createDynamoDbStreamsFront({ upstream: { host: '127.0.0.1', port: ctx.ports.dynamodb } });
    ctx.servers.push(await listen(front, ctx.ports.dynamodbStreams));
  },
};

/** serverless-offline: API Gateway HTTP API + Lambda, with the AWS endpoints pointing at the stack. */
const api: StackStep = {
  name: 'api (serverless-offline)',
  async run(ctx) {
    const region = ctx.need('region');
    const userPool = ctx.need('userPool');
    const url = ctx.url;
    const poolEnv = {
      LOCAL_JWT_ISSUER: userPool.jwtIssuer,
      LOCAL_USER_POOL_CLIENT_ID: userPool.userPoolClientId,
    };
    // The authorizers' issuer and audience are params that the local stage reads from poolEnv: the
    // template is printed again with it (beside serverless-offline's start, which resolves the same).
    const resolved = loadServerlessConfig(STAGE, { ...ctx.baseEnv, ...poolEnv }, ctx.configFile);
    resolved.catch(() => {}); // awaited below; not an unhandled rejection if the start fails first
    const offline = await startOffline({
      stage: STAGE,
      httpPort: ctx.ports.apiUpstream,
      lambdaPort: ctx.ports.lambda,
      websocketPort: ctx.ports.websocket,
      logDir: ctx.logsDir,
      echo: ctx.options.echo,
      reloadOnChange: ctx.options.reloadHandlers ?? false,
      buildDir: join(ctx.dataDir, 'esbuild'),
      configFile: ctx.configFile,
      env: {
        ...ctx.baseEnv,
        ...poolEnv,
        LOCAL_DISTRIBUTION_ID: localDistributionOf(ctx),
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
        // Per function (serverless-plugins/local-lambda-credentials.cjs): each Lambda signs as its role.
        LOCAL_LAMBDA_CREDENTIALS: JSON.stringify(lambdaCredentialMap(ctx)),
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_SESSION_TOKEN: '',
        AWS_ENDPOINT_URL_DYNAMODB: url(ctx.ports.dynamodbGateway),
        AWS_ENDPOINT_URL_S3: url(ctx.ports.s3),
        AWS_ENDPOINT_URL_SESV2: url(ctx.ports.sesGateway),
        AWS_ENDPOINT_URL_SES: url(ctx.ports.sesGateway),
        // The stream poller (serverless-offline-dynamodb-streams) reads streams as the service does, not as a
        // function: through the streams front, straight to DynamoDB Local (records carry the region, as in AWS).
        LOCAL_DYNAMODB_STREAMS_ENDPOINT: url(ctx.ports.dynamodbStreams),
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: url(ctx.ports.cognitoIdpGateway),
        AWS_ENDPOINT_URL_CLOUDFRONT: url(ctx.ports.cloudfront),
      },
    });
    ctx.addProcess(offline);
    const { provider } = await resolved;
    ctx.provide('jwtAuthorizers', jwtAuthorizersFromConfig(provider.httpApi));
  },
};

/** The HTTP API in front of serverless-offline: routes, JWT authorizers, CORS, payload quota, concurrency, errors. */
const httpApiFront: StackStep = {
  name: 'http api front',
  async run(ctx) {
    const config = ctx.need('config');
    const front = createHttpApiFront({
      upstream: { host: '127.0.0.1', port: ctx.ports.apiUpstream },
      routes: routesFromConfig(config),
      authorizers: ctx.need('jwtAuthorizers'),
      cors: corsFromConfig(config.provider.httpApi),
      concurrencyPerFunction: Number(process.env.LOCAL_STACK_LAMBDA_CONCURRENCY ?? 2),
      log: (entry) => ctx.log(`[api] ${JSON.stringify(entry)}`),
    });
    ctx.servers.push(await listen(front, ctx.ports.api));
  },
};

/** s3rver's object events → the functions with `s3` events, through the Lambda port. */
const s3Events: StackStep = {
  name: 's3 events',
  run(ctx) {
    forwardS3Events({
      s3rver: ctx.need('s3rver'),
      rules: s3EventRules(ctx.need('config'), ctx.need('refs')),
      lambdaEndpoint: ctx.url(ctx.ports.lambda),
      region: ctx.need('region'),
      log: (entry) => ctx.log(`[s3-events] ${JSON.stringify(entry)}`),
    });
    ctx.log(`  API ready (${elapsed(ctx)})`);
  },
};

/**
 * The local edge: the template's CloudFront distribution on the web port (the browser's one
 * origin: site, /api/*, /thumbnails/*), its API (invalidations) on the cloudfront port.
 */
const edge: StackStep = {
  name: 'edge (local CloudFront)',
  async run(ctx) {
    const running = await startEdge({
      config: ctx.need('config'),
      refs: ctx.need('refs'),
      edgePort: ctx.ports.web,
      apiPort: ctx.ports.cloudfront,
      apiOrigin: ctx.url(ctx.ports.api),
      s3Endpoint: ctx.url(ctx.ports.s3),
      oacCredentials: {
        accessKeyId: ctx.state.oacAccessKeyId,
        secretAccessKey: ctx.state.oacSecretAccessKey,
      },
    });
    if (!running) throw new Error('serverless.yml has no AWS::CloudFront::Distribution for the local edge');
    ctx.servers.push(...running.servers);
    ctx.provide('edge', running);
  },
};

/** The SPEC §3 contract (`stack.json`) and the web app's runtime config. */
const stackInfo: StackStep = {
  name: 'stack info',
  run(ctx) {
    const config = ctx.need('config');
    const region = ctx.need('region');
    const userPool = ctx.need('userPool');
    const url = ctx.url;
    const ports = ctx.ports;
    const buckets = Object.fromEntries(
      resourcesOfType(config, 'AWS::S3::Bucket').map(([id, r]) => [
        shortName(id, 'Bucket'),
        String(r.Properties?.BucketName),
      ]),
    ) as StackInfo['buckets'];
    const tables = Object.fromEntries(
      Object.entries(ctx.need('tableNames')).map(([id, name]) => [shortName(id, 'Table'), name]),
    );
    const info: StackInfo = {
      region,
      webUrl: url(ports.web),
      apiUrl: url(ports.api),
      dynamodbEndpoint: url(ports.dynamodb),
      s3Endpoint: url(ports.s3),
      cognitoIdpEndpoint: url(ports.cognitoIdp),
      cognitoIdentityEndpoint: url(ports.cognitoIdentity),
      sesEndpoint: url(ports.ses),
      mailboxUrl: `${url(ports.mailbox)}/`,
      userPoolId: userPool.userPoolId,
      userPoolClientId: userPool.userPoolClientId,
      identityPoolId: ctx.state.identityPoolId,
      buckets,
      tables,
      mediaPublicUrl: url(ports.web),
      distributionId: ctx.need('edge').distributionId,
      cloudfrontEndpoint: url(ports.cloudfront),
      webDevUrl: ctx.options.web === 'dev' ? url(ports.webDev) : undefined,
      deployerCredentials: {
        accessKeyId: ctx.state.deployerAccessKeyId,
        secretAccessKey: ctx.state.deployerSecretAccessKey,
      },
      jwtIssuer: userPool.jwtIssuer,
      lambdaEndpoint: url(ports.lambda),
      lambdaCredentials: lambdaCredentialMap(ctx),
      lambdaDynamodbEndpoint: url(ports.dynamodbGateway),
      lambdaSesEndpoint: url(ports.sesGateway),
      lambdaCognitoIdpEndpoint: url(ports.cognitoIdpGateway),
      stage: STAGE,
      pid: process.pid,
      dataDir: ctx.dataDir,
      logsDir: ctx.logsDir,
      ports,
    };
    ctx.provide('info', info);
    // Production's config.json shape (API and thumbnails on the edge), plus the local endpoints.
    ctx.provide('webConfig', webConfigFromLocalStack(info));
  },
};

const web: StackStep = {
  name: 'web app',
  async run(ctx) {
    const config = ctx.need('webConfig');
    if (ctx.options.web === 'dev') {
      // next dev is its own origin, so it calls the API origin directly (CORS allows it).
      const devConfig = { ...config, apiUrl: ctx.need('info').apiUrl };
      ctx.addProcess(await startWebDev({ port: ctx.ports.webDev, config: devConfig, logDir: ctx.logsDir }));
    } else if (ctx.options.web === 'static') {
      // The published static export through the edge: the same publish code as `npm run deploy`.
      if (process.env.LOCAL_STACK_SKIP_WEB_BUILD !== '1') await buildWeb();
      await publishLocalSite(ctx.need('info'), config, ctx.log);
    }
  },
};

/**
 * The stages of `startStack`, in order. Add a stage here (a `StackStep` with a name) rather than
 * growing another; a step reads earlier results with `ctx.need(...)` and hands on with `ctx.provide`.
 */
export const STACK_STEPS: StackStep[] = [
  dynamoDbSesAndConfig,
  cognitoUserPools,
  tablesAndUserPool,
  templateRefs,
  lambdaRoles,
  identityPool,
  s3,
  iamGateways,
  mailbox,
  dynamoDbStreamsFront,
  api,
  httpApiFront,
  s3Events,
  edge,
  stackInfo,
  web,
];
