/**
 * Each function's role as the local gateways enforce it, loaded from serverless.yml itself
 * (`serverless print --stage local`): what each function needs is allowed, neighbours' rights are not.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PolicyAuthorizer } from '../s3-gateway';
import { type LocalRef, loadServerlessConfig, type ServerlessConfig, staticRefs } from '../template';
import { type LambdaCredential, lambdaCredentials, lambdaRolePolicies } from './lambda-roles';

let config: ServerlessConfig;
let authorizer: PolicyAuthorizer;
let principals: Map<string, LambdaCredential['principal']>;
let tables: Record<string, string>;
let mediaBucket: string;

beforeAll(async () => {
  config = await loadServerlessConfig('local', process.env);
  // The user pool's id exists only once the local Cognito made it (deleteMe's role names its ARN).
  const refs: Record<string, LocalRef> = {
    ...staticRefs(config),
    UserPool: {
      ref: 'local_pool',
      attributes: { Arn: 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/local_pool' },
    },
  };
  authorizer = new PolicyAuthorizer({
    identityPolicies: [],
    lambdaPolicies: lambdaRolePolicies(config, refs),
    bucketPolicies: {},
  });
  principals = new Map(
    lambdaCredentials(config, 'test-secret').map((c) => [c.principal.functionKey, c.principal]),
  );
  tables = {
    todos: String(refs.TodosTable?.attributes.Arn),
    posts: String(refs.PostsTable?.attributes.Arn),
    users: String(refs.UsersTable?.attributes.Arn),
    idempotency: String(refs.IdempotencyTable?.attributes.Arn),
  };
  mediaBucket = String(refs.MediaBucket?.ref);
}, 60_000);

async function can(fn: string, action: string, resource: string): Promise<boolean> {
  const principal = principals.get(fn);
  if (!principal) throw new Error(`no function ${fn}`);
  return (await authorizer.authorize(principal, { action, resource, context: {} }, {})).allowed;
}

describe('per-function roles from serverless.yml', () => {
  it('gives every function distinct credentials and a role name of its own', () => {
    const credentials = lambdaCredentials(config, 'test-secret');
    expect(credentials).toHaveLength(Object.keys(config.functions).length);
    expect(new Set(credentials.map((c) => c.accessKeyId)).size).toBe(credentials.length);
    expect(new Set(credentials.map((c) => c.principal.roleName)).size).toBe(credentials.length);
  });

  it('getHealth can touch no table, bucket or mailbox', async () => {
    for (const table of Object.values(tables)) {
      expect(await can('getHealth', 'dynamodb:GetItem', table)).toBe(false);
    }
    expect(await can('getHealth', 's3:DeleteObject', `arn:aws:s3:::${mediaBucket}/uploads/x`)).toBe(false);
    expect(await can('getHealth', 'ses:SendEmail', '*')).toBe(false);
  });

  it('listPosts reads the published index and nothing writes', async () => {
    expect(await can('listPosts', 'dynamodb:Query', `${tables.posts}/index/published`)).toBe(true);
    for (const action of [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ]) {
      for (const table of Object.values(tables)) expect(await can('listPosts', action, table)).toBe(false);
    }
    expect(await can('listPosts', 'dynamodb:Query', `${tables.posts}/index/byAuthor`)).toBe(false);
  });

  it('each todos function has its own action only', async () => {
    const own: Record<string, string> = {
      createTodo: 'dynamodb:PutItem',
      getTodo: 'dynamodb:GetItem',
      updateTodo: 'dynamodb:UpdateItem',
      deleteTodo: 'dynamodb:DeleteItem',
    };
    for (const [fn, action] of Object.entries(own)) {
      for (const other of Object.values(own)) {
        const expected = other === action || (fn === 'updateTodo' && other === 'dynamodb:GetItem');
        expect(await can(fn, other, tables.todos as string), `${fn} ${other}`).toBe(expected);
      }
      expect(await can(fn, action, tables.posts as string)).toBe(false);
    }
  });

  it('only sendWelcomeEmail sends email, and only as the sender identity', async () => {
    const from = String(config.provider.environment?.MAIL_FROM);
    const identity = (name: string) => `arn:aws:ses:us-east-1:000000000000:identity/${name}`;
    expect(await can('sendWelcomeEmail', 'ses:SendEmail', identity(from))).toBe(true);
    expect(await can('sendWelcomeEmail', 'ses:SendEmail', identity(from.split('@')[1] as string))).toBe(true);
    expect(await can('sendWelcomeEmail', 'ses:SendEmail', identity('someone@else.example'))).toBe(false);
    for (const fn of Object.keys(config.functions).filter((f) => f !== 'sendWelcomeEmail')) {
      expect(await can(fn, 'ses:SendEmail', identity(from)), fn).toBe(false);
    }
  });

  it('makeThumbnails reads uploads and writes thumbnails, not the other way round', async () => {
    const key = (prefix: string) => `arn:aws:s3:::${mediaBucket}/${prefix}/u/x`;
    expect(await can('makeThumbnails', 's3:GetObject', key('uploads'))).toBe(true);
    expect(await can('makeThumbnails', 's3:PutObject', key('thumbnails'))).toBe(true);
    expect(await can('makeThumbnails', 's3:PutObject', key('uploads'))).toBe(false);
    expect(await can('createTodo', 's3:PutObject', key('thumbnails'))).toBe(false);
  });
});
