import { unwatchFile, watchFile } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../paths';
import { listen } from '../s3';
import type { StackContext, StackStep } from '../stack-context';
import { loadServerlessConfig } from '../template';
import { createCognitoIdpGateway } from './cognito-gateway';
import { createDynamoDbGateway } from './dynamodb-gateway';
import { lambdaCredentials, lambdaRolePolicies, replacePolicies } from './lambda-roles';
import { createSesGateway } from './ses-gateway';
import type { KeyLookup } from './sigv4-verify';

/**
 * Each function's credentials and role policy (its `iamRoleStatements`). The policy record is live:
 * when the template changes on disk, the roles are read again and every gateway applies them to the
 * next request — as a deploy updates the roles in AWS (handlers and tables are not reloaded).
 */
export const lambdaRoles: StackStep = {
  name: 'lambda roles',
  run(ctx) {
    const config = ctx.need('config');
    const credentials = lambdaCredentials(config, ctx.state.lambdaSecretAccessKey);
    const policies = lambdaRolePolicies(config, ctx.need('refs'));
    ctx.provide('lambdaRoles', { credentials, policies });
    watchRoles(ctx, policies);
  },
};

function watchRoles(ctx: StackContext, policies: ReturnType<typeof lambdaRolePolicies>) {
  const file = join(repoRoot, ctx.configFile);
  let pending: Promise<void> = Promise.resolve();
  const reload = () => {
    pending = pending.then(async () => {
      try {
        const next = await loadServerlessConfig('local', ctx.baseEnv, ctx.configFile);
        replacePolicies(policies, lambdaRolePolicies(next, ctx.need('refs')));
        ctx.log(`  function roles reloaded from ${ctx.configFile}`);
      } catch (error) {
        ctx.log(`  function roles NOT reloaded (${(error as Error).message}); the previous ones stay`);
      }
    });
  };
  watchFile(file, { interval: 500 }, (now, before) => {
    if (now.mtimeMs !== before.mtimeMs) reload();
  });
  ctx.closers.push(async () => unwatchFile(file));
}

/** What the gateways know of the functions' keys. */
function keyLookup(ctx: StackContext): KeyLookup {
  const byKey = new Map(ctx.need('lambdaRoles').credentials.map((c) => [c.accessKeyId, c]));
  return (accessKeyId) => byKey.get(accessKeyId);
}

/** SigV4 + each function's role in front of DynamoDB Local, the SES and Cognito IdP emulators (the Lambdas' endpoints). */
export const iamGateways: StackStep = {
  name: 'dynamodb, ses and cognito-idp gateways',
  async run(ctx) {
    const region = ctx.need('region');
    const { policies } = ctx.need('lambdaRoles');
    const logger = (service: string) => (entry: object) => {
      const denied = (entry as { msg?: string }).msg === 'access denied';
      if (denied || process.env.LOCAL_STACK_DEBUG_IAM) ctx.log(`[${service}] ${JSON.stringify(entry)}`);
    };
    const common = { region, keys: keyLookup(ctx), lambdaPolicies: policies };
    ctx.servers.push(
      await listen(
        createDynamoDbGateway({
          ...common,
          upstream: ctx.url(ctx.ports.dynamodb),
          logger: logger('dynamodb'),
        }),
        ctx.ports.dynamodbGateway,
      ),
      await listen(
        createSesGateway({ ...common, upstream: ctx.url(ctx.ports.ses), logger: logger('ses') }),
        ctx.ports.sesGateway,
      ),
      await listen(
        createCognitoIdpGateway({
          ...common,
          upstream: ctx.url(ctx.ports.cognitoIdp),
          logger: logger('cognito-idp'),
        }),
        ctx.ports.cognitoIdpGateway,
      ),
    );
  },
};
