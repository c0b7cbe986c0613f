// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON
type Json = any;

export interface Template {
  Resources: Record<
    string,
    { Type: string; Condition?: string; DependsOn?: string | string[]; Properties?: Json }
  >;
  Conditions?: Json;
  Outputs?: Json;
}

const FULL_BLOCK = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];

const ofType = (t: Template, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);

/** True for `'*'`, `{AWS: '*'}` or a list holding `'*'`: anyone, signed or not. */
function isEveryone(principal: Json): boolean {
  if (principal === '*') return true;
  if (principal && typeof principal === 'object' && 'AWS' in principal)
    return [principal.AWS].flat().includes('*');
  return false;
}

/** Bucket policies that allow anyone (AWS refuses them on a bucket with Block Public Access). */
export function publicBucketPolicies(t: Template): string[] {
  const problems: string[] = [];
  for (const [id, r] of ofType(t, 'AWS::S3::BucketPolicy')) {
    for (const s of [r.Properties?.PolicyDocument?.Statement ?? []].flat()) {
      if (s.Effect === 'Allow' && isEveryone(s.Principal))
        problems.push(`${id}: statement ${s.Sid ?? '(no Sid)'} allows Principal '*'`);
    }
  }
  return problems;
}

/** Buckets without all four Block Public Access settings, or without BucketOwnerEnforced. */
export function bucketsNotPrivate(t: Template): string[] {
  const problems: string[] = [];
  for (const [id, r] of ofType(t, 'AWS::S3::Bucket')) {
    const bpa = r.Properties?.PublicAccessBlockConfiguration ?? {};
    const off = FULL_BLOCK.filter((k) => bpa[k] !== true);
    if (off.length) problems.push(`${id}: Block Public Access not on (${off.join(', ')})`);
    const rules = r.Properties?.OwnershipControls?.Rules ?? [];
    if (!rules.some((rule: Json) => rule.ObjectOwnership === 'BucketOwnerEnforced'))
      problems.push(`${id}: ObjectOwnership is not BucketOwnerEnforced`);
  }
  return problems;
}

/**
 * The framework's S3-trigger custom resources (`existing: true`) name their bucket as a plain
 * string, so CloudFormation sees no dependency: each must DependsOn the bucket it configures.
 */
export function triggersBeforeTheirBuckets(t: Template): string[] {
  const bucketIds = new Map(
    ofType(t, 'AWS::S3::Bucket').map(([id, r]) => [r.Properties?.BucketName as unknown, id]),
  );
  const problems: string[] = [];
  for (const [id, r] of ofType(t, 'Custom::S3')) {
    const config = r.Properties?.BucketConfigs ?? [];
    const name = r.Properties?.BucketName ?? config[0]?.BucketName;
    const bucketId = bucketIds.get(name);
    if (!bucketId) continue; // a bucket this stack does not create
    if (![r.DependsOn ?? []].flat().includes(bucketId))
      problems.push(`${id}: configures bucket ${bucketId} but does not DependsOn it`);
  }
  return problems;
}

/** Every rule AWS enforces at deploy time that cfn-lint does not check. */
export function templateRuleProblems(t: Template): string[] {
  return [...publicBucketPolicies(t), ...bucketsNotPrivate(t), ...triggersBeforeTheirBuckets(t)];
}
