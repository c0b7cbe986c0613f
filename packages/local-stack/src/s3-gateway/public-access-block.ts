import type { PolicyDocument } from './policy-authorizer';

/** S3 Block Public Access, per bucket (`PublicAccessBlockConfiguration` in the template). */
export interface PublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

/** What a new bucket gets when the template says nothing (AWS's default since April 2023). */
export const NEW_BUCKET_DEFAULT: PublicAccessBlock = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

/** The template's `PublicAccessBlockConfiguration` (absent settings are false, as in the S3 API). */
export function publicAccessBlockOf(configuration: unknown): PublicAccessBlock {
  if (configuration === undefined || configuration === null) return { ...NEW_BUCKET_DEFAULT };
  const c = configuration as Record<string, unknown>;
  const flag = (name: keyof PublicAccessBlock) => c[name] === true || c[name] === 'true';
  return {
    BlockPublicAcls: flag('BlockPublicAcls'),
    IgnorePublicAcls: flag('IgnorePublicAcls'),
    BlockPublicPolicy: flag('BlockPublicPolicy'),
    RestrictPublicBuckets: flag('RestrictPublicBuckets'),
  };
}

/**
 * Condition keys that S3 accepts as limiting a statement to fixed, non-public principals or sources
 * (AWS "The meaning of public"): a statement on `*` with one of them, at a fixed value, is not public.
 */
const NON_PUBLIC_KEYS = new Set(
  [
    'aws:SourceArn',
    'aws:SourceAccount',
    'aws:SourceOwner',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalOrgID',
    'aws:userid',
    's3:DataAccessPointArn',
    's3:DataAccessPointAccount',
  ].map((k) => k.toLowerCase()),
);

type Statement = {
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};

function grantsEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  const aws = (principal as Record<string, unknown>).AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

function isFixedValue(value: unknown): boolean {
  const values = Array.isArray(value) ? value : [value];
  return values.every((v) => typeof v === 'string' && !v.includes('*') && !v.includes('?'));
}

/** A public statement: Allow to everyone (or NotPrincipal) without a limiting condition. */
export function isPublicStatement(statement: Statement): boolean {
  if (statement.Effect !== 'Allow') return false;
  if (statement.NotPrincipal === undefined && !grantsEveryone(statement.Principal)) return false;
  for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
    if (!/^(StringEquals|ArnEquals|StringEqualsIgnoreCase)$/.test(operator)) continue;
    for (const [key, value] of Object.entries(entries)) {
      if (NON_PUBLIC_KEYS.has(key.toLowerCase()) && isFixedValue(value)) return false;
    }
  }
  return true;
}

function statements(policy: PolicyDocument): Statement[] {
  const list = policy.Statement;
  return (Array.isArray(list) ? list : [list]) as Statement[];
}

export function isPublicPolicy(policy: PolicyDocument): boolean {
  return statements(policy).some(isPublicStatement);
}

/**
 * The bucket policy as RestrictPublicBuckets applies it to callers outside the account (anonymous
 * ones included): the public statements grant them nothing.
 */
export function withoutPublicStatements(policy: PolicyDocument): PolicyDocument {
  return { ...policy, Statement: statements(policy).filter((s) => !isPublicStatement(s)) };
}

/** What PutBucketPolicy answers under BlockPublicPolicy: AccessDenied for a public policy. */
export function assertPolicyAccepted(bucket: string, policy: PolicyDocument, block: PublicAccessBlock): void {
  if (block.BlockPublicPolicy && isPublicPolicy(policy)) {
    throw new Error(
      `PutBucketPolicy on ${bucket}: AccessDenied — the policy is public and the bucket's Block Public ` +
        'Access setting BlockPublicPolicy refuses it (as S3 would on deploy). Grant CloudFront (origin ' +
        'access control) instead of Principal "*".',
    );
  }
}

const PUBLIC_CANNED_ACLS = new Set(['public-read', 'public-read-write', 'authenticated-read']);
const PUBLIC_GROUPS = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/;

/** True when request headers grant a public ACL (canned or explicit grants to the global groups). */
export function requestsPublicAcl(headers: Record<string, string[] | undefined>): boolean {
  const canned = headers['x-amz-acl']?.[0]?.trim().toLowerCase();
  if (canned && PUBLIC_CANNED_ACLS.has(canned)) return true;
  return Object.entries(headers).some(
    ([name, values]) => name.startsWith('x-amz-grant-') && (values ?? []).some((v) => PUBLIC_GROUPS.test(v)),
  );
}
