import { describe, expect, it } from 'vitest';
import { PolicyAuthorizer, type PolicyDocument } from './policy-authorizer';

// biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, resolved by IAM, not by JS.
const SUB = '${cognito-identity.amazonaws.com:sub}';
const alice = { kind: 'identity', identityId: 'us-east-1:aaaaaaaa-0000-4000-8000-000000000000' } as const;
const ownPrefix: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::files/private/${SUB}/*` }],
};
const getObject = (resource: string) => ({ action: 's3:GetObject', resource, context: {} });

describe('PolicyAuthorizer', () => {
  it('resolves the cognito-identity sub policy variable from the identity of the request', async () => {
    const authorizer = new PolicyAuthorizer({
      identityPolicies: [ownPrefix],
      lambdaPolicies: {},
      bucketPolicies: {},
    });
    const own = await authorizer.authorize(
      alice,
      getObject(`arn:aws:s3:::files/private/${alice.identityId}/a`),
      {},
    );
    const other = await authorizer.authorize(
      alice,
      getObject('arn:aws:s3:::files/private/us-east-1:other/a'),
      {},
    );
    const literal = await authorizer.authorize(alice, getObject(`arn:aws:s3:::files/private/${SUB}/a`), {});
    expect([own.allowed, other.allowed, literal.allowed]).toEqual([true, false, false]);
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: names the IAM policy variable under test.
  it('resolves ${aws:PrincipalTag/userId} from the session tags of the identity', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, resolved by IAM.
    const TAG = '${aws:PrincipalTag/userId}';
    const authorizer = new PolicyAuthorizer({
      identityPolicies: [
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::media/uploads/${TAG}/*` },
          ],
        },
      ],
      lambdaPolicies: {},
      bucketPolicies: {},
    });
    const tagged = { ...alice, tags: { userId: 'sub-a' } };
    const own = await authorizer.authorize(tagged, getObject('arn:aws:s3:::media/uploads/sub-a/x.png'), {});
    const other = await authorizer.authorize(tagged, getObject('arn:aws:s3:::media/uploads/sub-b/x.png'), {});
    const untagged = await authorizer.authorize(
      alice,
      getObject('arn:aws:s3:::media/uploads/sub-a/x.png'),
      {},
    );
    const literal = await authorizer.authorize(
      untagged.allowed ? alice : tagged,
      getObject(`arn:aws:s3:::media/uploads/${TAG}/x`),
      {},
    );
    expect([own.allowed, other.allowed, untagged.allowed, literal.allowed]).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });

  it('gives guests the unauthenticated role only', async () => {
    const authorizer = new PolicyAuthorizer({
      identityPolicies: [ownPrefix],
      lambdaPolicies: {},
      bucketPolicies: {},
    });
    const guest = { ...alice, authenticated: false };
    const decision = await authorizer.authorize(
      guest,
      getObject(`arn:aws:s3:::files/private/${alice.identityId}/a`),
      {},
    );
    expect(decision.allowed).toBe(false);
  });

  it('lets a bucket policy Deny win over a role Allow, and a bucket policy Allow serve anyone', async () => {
    const authorizer = new PolicyAuthorizer({
      identityPolicies: [ownPrefix],
      lambdaPolicies: {},
      bucketPolicies: {
        files: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::files/*/blocked',
            },
            {
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::files/public/*',
            },
          ],
        },
      },
      // Block Public Access off for this bucket, so that the public statement applies to anonymous callers.
      publicAccessBlock: {
        files: {
          BlockPublicAcls: false,
          IgnorePublicAcls: false,
          BlockPublicPolicy: false,
          RestrictPublicBuckets: false,
        },
      },
    });
    const blocked = await authorizer.authorize(
      alice,
      getObject(`arn:aws:s3:::files/private/${alice.identityId}/blocked`),
      {},
    );
    expect(blocked).toMatchObject({ allowed: false, result: 'ExplicitlyDenied' });
    const publicForAnyone = await authorizer.authorize(
      { kind: 'anonymous' },
      getObject('arn:aws:s3:::files/public/x'),
      {},
    );
    const publicForAlice = await authorizer.authorize(alice, getObject('arn:aws:s3:::files/public/x'), {});
    expect([publicForAnyone.allowed, publicForAlice.allowed]).toEqual([true, true]);
  });

  it('reports policies that iam-simulate rejects', async () => {
    const authorizer = new PolicyAuthorizer({
      identityPolicies: [ownPrefix],
      lambdaPolicies: {
        makeThumbnails: [
          { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Actin: 's3:GetObject', Resource: '*' }] },
        ],
      },
      bucketPolicies: {},
    });
    const problems = await authorizer.validate();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^lambdaPolicies\.makeThumbnails/);
  });
});
