import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The packaged production template (`serverless package`, offline) read as a reviewer of a deploy
 * would: one least-privilege role per function, data that survives mistakes, alarms, headers.
 */

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '..', '..');
const serverlessBin = join(repoRoot, 'node_modules/osls/bin/serverless.js');
const PARAMS = [
  '--param=webOrigin=https://app.example.com',
  '--param=mailFrom=no-reply@example.com',
  '--param=alarmEmail=ops@example.com',
];

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON, checked by the assertions themselves
type Json = Record<string, any>;
type Resource = {
  Type: string;
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Properties?: Json;
};
interface Template {
  Resources: Record<string, Resource>;
  Conditions?: Json;
}

let template: Template;
let out: string;
const workFolder = `.esbuild-infra-${process.pid}`;

async function packageTemplate(params: string[]): Promise<Template> {
  out = await mkdtemp(join(tmpdir(), 'infra-template-'));
  try {
    await run(process.execPath, [serverlessBin, 'package', '--stage', 'prod', '--package', out, ...params], {
      cwd: repoRoot,
      env: { ...process.env, LOCAL_ESBUILD_WORK_FOLDER: workFolder, SLS_TELEMETRY_DISABLED: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`serverless package failed: ${String(error)}\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
  return JSON.parse(await readFile(join(out, 'cloudformation-template-update-stack.json'), 'utf8'));
}

beforeAll(async () => {
  template = await packageTemplate(PARAMS);
}, 900_000);

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
  await rm(join(repoRoot, workFolder), { recursive: true, force: true });
});

const resource = (id: string): Resource => {
  const r = template.Resources[id];
  if (!r) throw new Error(`no resource ${id}`);
  return r;
};
const ofType = (type: string) => Object.entries(template.Resources).filter(([, r]) => r.Type === type);
const functions = () => ofType('AWS::Lambda::Function').filter(([id]) => !id.startsWith('CustomDash'));

/** Every Allow statement of a role, with actions as a list. */
function allows(roleId: string): { actions: string[]; resource: unknown }[] {
  const policies = (resource(roleId).Properties?.Policies ?? []) as Json[];
  return policies
    .flatMap((p) => p.PolicyDocument.Statement as Json[])
    .filter((s) => s.Effect === 'Allow')
    .map((s) => ({ actions: [s.Action].flat(), resource: s.Resource }));
}

/** The actions of a function's role beyond logs, X-Ray (tracing) and its stream event. */
function appActions(fn: string): string[] {
  const role = `${fn.charAt(0).toUpperCase()}${fn.slice(1)}IamRoleLambdaExecution`;
  const platform = /^(logs|xray):|^dynamodb:(GetRecords|GetShardIterator|DescribeStream|ListStreams)$/;
  return [...new Set(allows(role).flatMap((s) => s.actions))].filter((a) => !platform.test(a)).sort();
}

describe('one least-privilege role per function', () => {
  it('gives every function a role of its own, and creates no shared role', () => {
    const roles = functions().map(([, r]) => r.Properties?.Role['Fn::GetAtt'][0]);
    expect(roles.length).toBe(23);
    expect(new Set(roles).size).toBe(roles.length);
    expect(resource('IamRoleLambdaExecution').Condition).toBe('SharedLambdaRole');
    expect(template.Conditions?.SharedLambdaRole).toEqual({ 'Fn::Equals': ['per-function', 'shared'] });
  });

  it('grants each function exactly the actions its code uses', () => {
    const expected: Record<string, string[]> = {
      getHealth: [],
      getMe: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      updateMe: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      deleteMe: [
        'cognito-idp:AdminDeleteUser',
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        's3:DeleteObject',
        's3:ListBucket',
      ],
      confirmSignUp: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      customMessage: [],
      sendWelcomeEmail: [
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'ses:SendEmail',
        'sqs:SendMessage',
      ],
      createTodo: ['dynamodb:PutItem'],
      listTodos: ['dynamodb:Query'],
      getTodo: ['dynamodb:GetItem'],
      updateTodo: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      deleteTodo: ['dynamodb:DeleteItem'],
      clearCompletedTodos: ['dynamodb:BatchWriteItem', 'dynamodb:Query'],
      listPosts: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
      getPost: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'],
      listMyPosts: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
      createPost: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
      updatePost: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
      deletePost: ['dynamodb:DeleteItem', 'dynamodb:GetItem'],
      syncPostMedia: [
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:Query',
        's3:DeleteObject',
        's3:PutObjectTagging',
      ],
      invalidatePostCache: ['cloudfront:CreateInvalidation'],
      makeThumbnails: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        's3:DeleteObject',
        's3:GetObject',
        's3:ListBucket',
        's3:PutObject',
        's3:PutObjectTagging',
      ],
      getImageStatus: ['dynamodb:GetItem'],
    };
    const actual = Object.fromEntries(Object.keys(expected).map((fn) => [fn, appActions(fn)]));
    expect(actual).toEqual(expected);
  });

  it('never grants a wildcard action or a * resource outside X-Ray', () => {
    for (const [id] of ofType('AWS::IAM::Role').filter(([id]) => id.endsWith('IamRoleLambdaExecution'))) {
      if (id === 'IamRoleLambdaExecution') continue;
      for (const s of allows(id)) {
        for (const action of s.actions) expect(action, id).not.toMatch(/\*/);
        if (!s.actions.every((a) => a.startsWith('xray:'))) expect(s.resource, id).not.toBe('*');
      }
    }
  });

  it('scopes SES to the sender identity and the DLQ to its queue', () => {
    const statements = allows('SendWelcomeEmailIamRoleLambdaExecution');
    const ses = statements.find((s) => s.actions.includes('ses:SendEmail'));
    expect(JSON.stringify(ses?.resource)).toContain(':identity/no-reply@example.com');
    const sqs = statements.find((s) => s.actions.includes('sqs:SendMessage'));
    expect(sqs?.resource).toEqual({ 'Fn::GetAtt': ['WelcomeEmailDeadLetterQueue', 'Arn'] });
  });

  it('gives DAX actions to the two DAX readers only, and only when DAX is on', () => {
    const list = resource('PostsDaxListPostsPolicy');
    const get = resource('PostsDaxGetPostPolicy');
    expect([list.Condition, get.Condition]).toEqual(['DaxEnabled', 'DaxEnabled']);
    expect(list.Properties?.Roles).toEqual([{ Ref: 'ListPostsIamRoleLambdaExecution' }]);
    expect(get.Properties?.Roles).toEqual([{ Ref: 'GetPostIamRoleLambdaExecution' }]);
    expect(list.Properties?.PolicyDocument.Statement[0].Action).toEqual(['dax:Query', 'dax:BatchGetItem']);
    expect(get.Properties?.PolicyDocument.Statement[0].Action).toEqual(['dax:GetItem', 'dax:BatchGetItem']);
  });
});

describe('data that survives mistakes', () => {
  const stateful = [
    'TodosTable',
    'PostsTable',
    'UsersTable',
    'IdempotencyTable',
    'UserPool',
    'FilesBucket',
    'MediaBucket',
    'SiteBucket',
  ];

  it('retains tables, the user pool and the buckets on delete and on replacement', () => {
    for (const id of stateful) {
      expect({ id, d: resource(id).DeletionPolicy, u: resource(id).UpdateReplacePolicy }).toEqual({
        id,
        d: 'Retain',
        u: 'Retain',
      });
    }
  });

  it('turns on deletion protection and point-in-time recovery where data is not derived', () => {
    for (const id of ['TodosTable', 'UsersTable', 'IdempotencyTable'])
      expect(resource(id).Properties?.DeletionProtectionEnabled, id).toBe(true);
    for (const id of ['TodosTable', 'UsersTable'])
      expect(resource(id).Properties?.PointInTimeRecoverySpecification, id).toEqual({
        PointInTimeRecoveryEnabled: true,
      });
    // The posts table is a global table: both are set per replica.
    for (const replica of resource('PostsTable').Properties?.Replicas ?? [])
      expect(replica).toMatchObject({
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      });
    expect(resource('PostsTable').Properties?.Replicas).toHaveLength(1);
    expect(resource('UserPool').Properties?.DeletionProtection).toBe('ACTIVE');
  });

  it('versions the files bucket and expires old versions', () => {
    const files = resource('FilesBucket').Properties as Json;
    expect(files.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(files.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
    );
  });

  it('expires uploads/ tagged post=none (never part of a post) after unusedUploadDays', () => {
    const media = resource('MediaBucket').Properties as Json;
    expect(media.LifecycleConfiguration.Rules).toContainEqual({
      Id: 'expire-uploads-never-in-a-post',
      Status: 'Enabled',
      Prefix: 'uploads/',
      TagFilters: [{ Key: 'post', Value: 'none' }],
      ExpirationInDays: 7,
    });
  });

  it('denies plain-HTTP access in the policy of every bucket', () => {
    const policies = ofType('AWS::S3::BucketPolicy');
    const covered = policies.map(([, p]) => p.Properties?.Bucket.Ref).sort();
    expect(covered).toEqual(
      ofType('AWS::S3::Bucket')
        .map(([id]) => id)
        .sort(),
    );
    for (const [id, p] of policies) {
      const statements = (p.Properties?.PolicyDocument.Statement ?? []) as Json[];
      // Ours carry Sid DenyInsecureTransport; the framework's deployment bucket has its own.
      const deny = statements.find(
        (s) => s.Effect === 'Deny' && String(s.Condition?.Bool?.['aws:SecureTransport']) === 'false',
      );
      expect(deny, id).toMatchObject({ Principal: '*', Action: 's3:*' });
      expect(deny?.Resource, id).toHaveLength(2);
    }
  });
});

describe('alarms that wake someone', () => {
  const alarms = () => ofType('AWS::CloudWatch::Alarm');

  it('sends every alarm to the alarm topic, which emails the alarmEmail param', () => {
    expect(resource('AlarmEmailSubscription').Properties).toMatchObject({
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: 'AlarmTopic' },
    });
    for (const [id, alarm] of alarms())
      expect(alarm.Properties?.AlarmActions, id).toEqual([{ Ref: 'AlarmTopic' }]);
  });

  it('alarms on each function’s errors and throttles', () => {
    for (const [id] of functions()) {
      const fn = id.replace(/LambdaFunction$/, '');
      for (const metric of ['Errors', 'Throttles']) {
        const alarm = resource(`${fn}Function${metric}Alarm`).Properties as Json;
        expect(alarm).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: metric, Threshold: 0 });
        expect(alarm.Dimensions).toEqual([{ Name: 'FunctionName', Value: { Ref: id } }]);
      }
    }
  });

  it('alarms on DLQ depth, the API 5xx rate and thumbnail failures; has a dashboard', () => {
    expect(resource('WelcomeEmailDeadLetterAlarm').Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    const api = resource('Api5xxRateAlarm').Properties as Json;
    expect(api.Metrics.map((m: Json) => m.MetricStat?.Metric.MetricName ?? m.Expression)).toEqual([
      'IF(requests > 0, errors / requests * 100, 0)',
      '5xx',
      'Count',
    ]);
    const filter = ofType('AWS::Logs::MetricFilter').find(
      ([, f]) => f.Properties?.FilterPattern === '{ $.level = "ERROR" }',
    );
    expect(filter?.[1].Properties?.LogGroupName).toBe('/aws/lambda/mytodolist-myblog-prod-makeThumbnails');
    const metric = filter?.[1].Properties?.MetricTransformations[0].MetricName;
    expect(alarms().some(([, a]) => a.Properties?.MetricName === metric)).toBe(true);
    expect(ofType('AWS::CloudWatch::Dashboard')).toHaveLength(1);
  });

  it('logs HTTP API access with retention, throttles the stage, caps thumbnail concurrency', () => {
    const stage = resource('HttpApiStage').Properties as Json;
    expect(stage.AccessLogSettings.DestinationArn).toEqual({ 'Fn::GetAtt': ['HttpApiLogGroup', 'Arn'] });
    expect(resource('HttpApiLogGroup').Properties?.RetentionInDays).toBe(14);
    expect(stage.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    expect(resource('MakeThumbnailsLambdaFunction').Properties?.ReservedConcurrentExecutions).toBe(5);
  });
});

describe('the edge', () => {
  it('attaches one security headers policy to every behaviour', () => {
    const config = resource('WebDistribution').Properties?.DistributionConfig as Json;
    for (const behaviour of [config.DefaultCacheBehavior, ...config.CacheBehaviors])
      expect(behaviour.ResponseHeadersPolicyId).toEqual({ Ref: 'SecurityHeadersPolicy' });
    const headers =
      resource('SecurityHeadersPolicy').Properties?.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 63072000,
      IncludeSubdomains: true,
    });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.ReferrerPolicy.ReferrerPolicy).toBe('strict-origin-when-cross-origin');
    const csp: string = headers.ContentSecurityPolicy.ContentSecurityPolicy;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self' https://cognito-idp.us-east-1.amazonaws.com");
    expect(csp).toContain("script-src 'self' 'unsafe-inline';");
    expect(csp).toContain("img-src 'self' data: blob:;");
    expect(csp).toContain("object-src 'none'");
  });

  it('adds a WAF only when asked, with managed rules and a rate limit', () => {
    expect(template.Conditions?.WafEnabled).toEqual({ 'Fn::Equals': ['false', 'true'] });
    const acl = resource('WebAcl');
    expect(acl.Condition).toBe('WafEnabled');
    const rules = acl.Properties?.Rules as Json[];
    expect(rules.map((r) => r.Statement.ManagedRuleGroupStatement?.Name ?? 'rate')).toEqual([
      'rate',
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    const config = resource('WebDistribution').Properties?.DistributionConfig as Json;
    expect(config.WebACLId['Fn::If'][0]).toBe('WafEnabled');
  });
});

describe('params without a safe default', () => {
  it('refuses to package without webOrigin, mailFrom and alarmEmail', async () => {
    const failed = await run(process.execPath, [serverlessBin, 'package', '--stage', 'prod'], {
      cwd: repoRoot,
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1' },
    }).then(
      () => undefined,
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
    expect(failed).toContain('Missing required param(s) for stage "prod": webOrigin, mailFrom, alarmEmail');
  }, 300_000);
});
