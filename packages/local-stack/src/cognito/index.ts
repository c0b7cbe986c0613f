import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { repoRoot } from '../paths';
import { type ManagedProcess, portOpen, startProcess, waitUntilReady } from '../processes';
import { functionName, resourcesOfType, type ServerlessConfig } from '../template';

export interface CognitoIds {
  userPoolId: string;
  userPoolClientId: string;
}

/** Maps Cognito triggers to local function names, from `cognitoUserPool` events or the pool's LambdaConfig. */
export function cognitoTriggers(config: ServerlessConfig): Record<string, string> {
  const triggers: Record<string, string> = {};
  for (const [key, fn] of Object.entries(config.functions)) {
    for (const event of fn.events ?? []) {
      const e = event.cognitoUserPool as { trigger?: string } | undefined;
      if (e?.trigger) triggers[e.trigger] = functionName(config, key);
    }
  }
  const logicalToKey = new Map(
    Object.keys(config.functions).map((key) => [
      `${key.charAt(0).toUpperCase()}${key.slice(1).replace(/-/g, 'Dash').replace(/_/g, 'Underscore')}LambdaFunction`,
      key,
    ]),
  );
  for (const [, pool] of resourcesOfType(config, 'AWS::Cognito::UserPool')) {
    const lambdaConfig = (pool.Properties?.LambdaConfig ?? {}) as Record<string, unknown>;
    for (const [trigger, target] of Object.entries(lambdaConfig)) {
      const getAtt = (target as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
      const key = getAtt && logicalToKey.get(getAtt[0]);
      if (key) triggers[trigger] = functionName(config, key);
    }
  }
  return triggers;
}

export async function startCognito(opts: {
  port: number;
  dataDir: string;
  logDir: string;
  lambdaEndpoint: string;
  sesEndpoint: string;
  mailFrom: string;
  triggers: Record<string, string>;
  region: string;
}): Promise<ManagedProcess> {
  mkdirSync(join(opts.dataDir, '.cognito', 'db'), { recursive: true });
  writeFileSync(
    join(opts.dataDir, '.cognito', 'config.json'),
    JSON.stringify(
      {
        LambdaClient: {
          endpoint: opts.lambdaEndpoint,
          region: opts.region,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        },
        TriggerFunctions: opts.triggers,
        TokenConfig: { IssuerDomain: `http://127.0.0.1:${opts.port}` },
        ServerConfig: { port: opts.port, hostname: '127.0.0.1', https: false, development: false },
      },
      null,
      2,
    ),
  );
  const proc = startProcess({
    name: 'cognito',
    command: process.execPath,
    args: [
      '--import',
      import.meta.resolve('tsx'),
      join(repoRoot, 'packages', 'local-stack', 'src', 'cognito', 'server.ts'),
    ],
    cwd: opts.dataDir,
    env: {
      ...process.env,
      LOCAL_SES_ENDPOINT: opts.sesEndpoint,
      LOCAL_MAIL_FROM: opts.mailFrom,
      LOCAL_COGNITO_SIGNING_KEY: join(opts.dataDir, 'cognito-signing-key.pem'),
    },
    logDir: opts.logDir,
  });
  await waitUntilReady(proc, portOpen(opts.port), 120_000, `listening on ${opts.port}`);
  return proc;
}

function pick<T extends object>(source: Record<string, unknown>, keys: string[]): T {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]])) as T;
}

/**
 * Creates the user pool and app client declared in serverless.yml, or reuses the ones created by
 * an earlier start (their ids are kept in `.local/state.json`).
 */
export async function ensureUserPool(
  client: CognitoIdentityProviderClient,
  config: ServerlessConfig,
  previous: Partial<CognitoIds>,
): Promise<CognitoIds> {
  const [poolEntry] = resourcesOfType(config, 'AWS::Cognito::UserPool');
  const [clientEntry] = resourcesOfType(config, 'AWS::Cognito::UserPoolClient');
  if (!poolEntry || !clientEntry) throw new Error('serverless.yml declares no Cognito user pool and client');
  if (previous.userPoolId && previous.userPoolClientId) {
    try {
      await client.send(new DescribeUserPoolCommand({ UserPoolId: previous.userPoolId }));
      await client.send(
        new DescribeUserPoolClientCommand({
          UserPoolId: previous.userPoolId,
          ClientId: previous.userPoolClientId,
        }),
      );
      return { userPoolId: previous.userPoolId, userPoolClientId: previous.userPoolClientId };
    } catch {
      // recreate below
    }
  }
  const p = poolEntry[1].Properties ?? {};
  const poolInput = pick<CreateUserPoolCommandInput>(p, [
    'UsernameAttributes',
    'AutoVerifiedAttributes',
    'Policies',
    'Schema',
    'UsernameConfiguration',
    'AccountRecoverySetting',
    'VerificationMessageTemplate',
    'MfaConfiguration',
  ]);
  poolInput.PoolName = String(p.UserPoolName ?? poolEntry[0]);
  const pool = await client.send(new CreateUserPoolCommand(poolInput));
  const userPoolId = pool.UserPool?.Id;
  if (!userPoolId) throw new Error('cognito-local returned no user pool id');
  const c = clientEntry[1].Properties ?? {};
  const clientInput = pick<CreateUserPoolClientCommandInput>(c, [
    'ExplicitAuthFlows',
    'GenerateSecret',
    'PreventUserExistenceErrors',
  ]);
  clientInput.ClientName = String(c.ClientName ?? clientEntry[0]);
  clientInput.UserPoolId = userPoolId;
  const created = await client.send(new CreateUserPoolClientCommand(clientInput));
  const userPoolClientId = created.UserPoolClient?.ClientId;
  if (!userPoolClientId) throw new Error('cognito-local returned no client id');
  return { userPoolId, userPoolClientId };
}

export function cognitoIdpClient(endpoint: string, region: string) {
  return new CognitoIdentityProviderClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}
