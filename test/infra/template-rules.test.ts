import { describe, expect, it } from 'vitest';
import { type Template, templateRuleProblems } from './template-rules';

const PRIVATE = {
  PublicAccessBlockConfiguration: {
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  },
  OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
};

function template(overrides: Partial<Template['Resources']> = {}): Template {
  return {
    Resources: {
      MediaBucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'media', ...PRIVATE } },
      MediaBucketPolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: { Ref: 'MediaBucket' },
          PolicyDocument: {
            Statement: [
              { Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' },
            ],
          },
        },
      },
      Trigger: { Type: 'Custom::S3', DependsOn: ['Fn', 'MediaBucket'], Properties: { BucketName: 'media' } },
      ...overrides,
    } as Template['Resources'],
  };
}

describe('templateRuleProblems', () => {
  it('passes a private bucket read by CloudFront, with its trigger after it', () => {
    expect(templateRuleProblems(template())).toEqual([]);
  });

  it("finds a policy that allows Principal '*' (in any of its spellings)", () => {
    for (const Principal of ['*', { AWS: '*' }, { AWS: ['arn:aws:iam::1:root', '*'] }]) {
      const t = template();
      t.Resources.MediaBucketPolicy?.Properties?.PolicyDocument.Statement.push({
        Sid: 'Open',
        Effect: 'Allow',
        Principal,
      });
      expect(templateRuleProblems(t)).toEqual(["MediaBucketPolicy: statement Open allows Principal '*'"]);
    }
  });

  it('finds a bucket without full Block Public Access or enforced ownership', () => {
    const t = template({
      Open: {
        Type: 'AWS::S3::Bucket',
        Properties: { PublicAccessBlockConfiguration: { BlockPublicAcls: true } },
      },
    });
    expect(templateRuleProblems(t)).toEqual([
      'Open: Block Public Access not on (BlockPublicPolicy, IgnorePublicAcls, RestrictPublicBuckets)',
      'Open: ObjectOwnership is not BucketOwnerEnforced',
    ]);
  });

  it('finds an S3 trigger that may run before its bucket exists', () => {
    const t = template({
      Trigger: { Type: 'Custom::S3', DependsOn: 'Fn', Properties: { BucketName: 'media' } },
    });
    expect(templateRuleProblems(t)).toEqual([
      'Trigger: configures bucket MediaBucket but does not DependsOn it',
    ]);
  });
});
