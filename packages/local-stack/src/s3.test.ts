/**
 * The S3 gateway's policies come from serverless.yml itself (through `serverless print`), not a
 * copy: these tests load the real file, and show that a change to the loaded policy flips a decision.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { lambdaRolePolicies } from './iam/lambda-roles';
import { s3SetupFromConfig } from './s3';
import { PolicyAuthorizer } from './s3-gateway';
import { loadServerlessConfig, type ServerlessConfig, staticRefs } from './template';

let config: ServerlessConfig;
beforeAll(async () => {
  config = await loadServerlessConfig('local', process.env);
}, 60_000);

// Prefixes are keyed by the user-pool sub, which the identity pool puts in the session tag `userId`.
const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const identityA = { kind: 'identity', identityId: 'us-east-1:aaaa', tags: { userId: A } } as const;

function setup(cfg: ServerlessConfig) {
  // The user pool is created at start-up, so it is not among the static references.
  const refs = {
    ...staticRefs(cfg),
    UserPool: {
      ref: 'local_pool',
      attributes: { Arn: 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/local_pool' },
    },
  };
  const s3 = s3SetupFromConfig(cfg, refs);
  const lambdaPolicies = lambdaRolePolicies(cfg, refs);
  return { s3, authorizer: new PolicyAuthorizer({ ...s3, lambdaPolicies }) };
}

const getObject = (bucket: string, key: string) => ({
  action: 's3:GetObject',
  resource: `arn:aws:s3:::${bucket}/${key}`,
  context: {},
});

describe('policies loaded from serverless.yml', () => {
  it('finds both buckets, the identity role policy with the principal-tag variable, and the bucket policy', () => {
    const { s3 } = setup(config);
    expect(Object.keys(s3.buckets).sort()).toEqual(['FilesBucket', 'MediaBucket', 'SiteBucket']);
    expect(JSON.stringify(s3.identityPolicies)).toContain(['$', '{aws:PrincipalTag/userId}'].join(''));
    expect(JSON.stringify(s3.identityPolicies)).not.toContain('cognito-identity.amazonaws.com:sub');
    expect(Object.keys(s3.bucketPolicies).sort()).toEqual(
      [s3.buckets.FilesBucket, s3.buckets.MediaBucket, s3.buckets.SiteBucket].sort(),
    );
  });

  it('lets an identity read its own private prefix, not another’s', async () => {
    const { s3, authorizer } = setup(config);
    const files = s3.buckets.FilesBucket as string;
    const own = await authorizer.authorize(identityA, getObject(files, `private/${A}/a.txt`), {});
    const other = await authorizer.authorize(identityA, getObject(files, `private/${B}/a.txt`), {});
    expect(own.allowed).toBe(true);
    expect(other.allowed).toBe(false);
  });

  it('flips from allowed to denied when the loaded policy changes', async () => {
    const edited = structuredClone(config);
    const role = edited.resources.Resources.IdentityPoolAuthenticatedRole as unknown as {
      Properties: { Policies: { PolicyDocument: { Statement: { Sid?: string }[] } }[] };
    };
    for (const policy of role.Properties.Policies) {
      policy.PolicyDocument.Statement = policy.PolicyDocument.Statement.filter(
        (s) => s.Sid !== 'OwnPrivateFiles',
      );
    }
    const files = setup(config).s3.buckets.FilesBucket as string;
    const request = getObject(files, `private/${A}/a.txt`);
    expect((await setup(config).authorizer.authorize(identityA, request, {})).allowed).toBe(true);
    expect((await setup(edited).authorizer.authorize(identityA, request, {})).allowed).toBe(false);
  });

  it('anonymous: nothing on S3 itself; thumbnails/ only for the distribution (origin access control)', async () => {
    const { s3, authorizer } = setup(config);
    const media = s3.buckets.MediaBucket as string;
    const thumbnail = getObject(media, `thumbnails/${A}/x-w320.webp`);
    expect((await authorizer.authorize({ kind: 'anonymous' }, thumbnail, {})).allowed).toBe(false);
    expect(
      (await authorizer.authorize({ kind: 'anonymous' }, getObject(media, `uploads/${A}/x.jpg`), {})).allowed,
    ).toBe(false);
    const distribution = staticRefs(config).WebDistribution?.ref;
    const cloudfront = (sourceArn: string) => ({
      kind: 'service' as const,
      service: 'cloudfront.amazonaws.com',
      sourceArn,
      sourceAccount: '000000000000',
    });
    const ours = cloudfront(`arn:aws:cloudfront::000000000000:distribution/${distribution}`);
    expect((await authorizer.authorize(ours, thumbnail, {})).allowed).toBe(true);
    expect((await authorizer.authorize(ours, getObject(media, `uploads/${A}/x.jpg`), {})).allowed).toBe(
      false,
    );
    const other = cloudfront('arn:aws:cloudfront::000000000000:distribution/EOTHER');
    expect((await authorizer.authorize(other, thumbnail, {})).allowed).toBe(false);
  });

  it('refuses a public bucket policy under Block Public Access, as PutBucketPolicy does on deploy', () => {
    const edited = structuredClone(config);
    const policy = edited.resources.Resources.MediaBucketPolicy as unknown as {
      Properties: { PolicyDocument: { Statement: unknown[] } };
    };
    policy.Properties.PolicyDocument.Statement.push({
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::x/thumbnails/*',
    });
    expect(() => setup(edited)).toThrow(/BlockPublicPolicy/);
  });
});
