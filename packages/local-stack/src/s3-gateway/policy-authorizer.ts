import {
  anonymousPrincipal,
  type EvaluationResult,
  runSimulation,
  runUnsafeSimulation,
  type Simulation,
} from '@cloud-copilot/iam-simulate';
import type { Principal } from '../identity/credential-store';
import { type PublicAccessBlock, withoutPublicStatements } from './public-access-block';
import type { ContextValues, S3Access } from './s3-operations';

/** An IAM policy document as written in serverless.yml (after intrinsics are resolved). */
export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: unknown;
}

export type RequestPrincipal = Principal | { kind: 'anonymous' };

export interface RolePolicies {
  /** The identity pool's authenticated role; may use `${cognito-identity.amazonaws.com:sub}` and `${aws:PrincipalTag/…}`. */
  identityPolicies: PolicyDocument[];
  /** The identity pool's unauthenticated (guest) role; none means guests may do nothing. */
  unauthenticatedIdentityPolicies?: PolicyDocument[];
  /**
   * Each function's own role, by function key. The stack may replace entries while running (it
   * reloads them when serverless.yml changes), so it is read on every decision.
   */
  lambdaPolicies: Record<string, PolicyDocument[]>;
  bucketPolicies: Record<string, PolicyDocument>;
  /** Block Public Access per bucket name; a bucket missing here has it fully on (S3's default). */
  publicAccessBlock?: Record<string, PublicAccessBlock>;
}

export interface Decision {
  allowed: boolean;
  result: EvaluationResult;
  /** Which side decided: e.g. `identity policy: Allowed; bucket policy: NotApplicable`. */
  reason: string;
}

const ACCOUNT_ID = '000000000000';
const ROLE_SESSION = {
  authenticated: { role: 'CognitoAuthenticatedRole', session: 'CognitoIdentityCredentials' },
  unauthenticated: { role: 'CognitoUnauthenticatedRole', session: 'CognitoIdentityCredentials' },
  deployer: { role: 'LocalDeployer', session: 'deploy' },
} as const;

/** The deployer stands for an administrator (or CI's deploy role) of the account: S3 in full. */
const DEPLOYER_POLICIES: PolicyDocument[] = [
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
];

/** One side's verdict; an ImplicitlyDenied may carry iam-simulate's complaint in parentheses. */
type Side = EvaluationResult | 'NotApplicable' | `ImplicitlyDenied (${string})`;

/**
 * Evaluates S3 accesses the way IAM does for a request inside one account: an explicit Deny anywhere
 * wins, otherwise an Allow from the role's policies or from the bucket policy grants access.
 *
 * The role side uses `runUnsafeSimulation`: the validating `runSimulation` drops context keys it does
 * not know for the action, and `cognito-identity.amazonaws.com:sub` is one of them, so policy variables
 * such as `${cognito-identity.amazonaws.com:sub}` would never resolve. The bucket-policy side uses
 * `runSimulation`, because `runUnsafeSimulation` of iam-simulate 0.1.173 crashes on resource policies.
 */
export class PolicyAuthorizer {
  constructor(private readonly policies: RolePolicies) {}

  async authorize(
    principal: RequestPrincipal,
    access: S3Access,
    requestContext: ContextValues,
  ): Promise<Decision> {
    const context = { ...requestContext, ...principalContext(principal), ...access.context };
    const bucketPolicy = this.bucketPolicyFor(access.resource);

    if (principal.kind === 'anonymous') {
      if (!bucketPolicy)
        return { allowed: false, result: 'ImplicitlyDenied', reason: 'anonymous; no bucket policy' };
      // RestrictPublicBuckets: public statements grant nothing to callers outside the account.
      const effective = this.restrictsPublic(access.resource)
        ? withoutPublicStatements(bucketPolicy)
        : bucketPolicy;
      const resource = await this.evaluateBucketPolicy(anonymousPrincipal, access, context, effective);
      return decide('NotApplicable', resource);
    }

    if (principal.kind === 'service') {
      // A service principal has no identity policies: only the bucket policy can grant it access.
      if (!bucketPolicy)
        return {
          allowed: false,
          result: 'ImplicitlyDenied',
          reason: `${principal.service}; no bucket policy`,
        };
      const resource = await this.evaluateBucketPolicy(principal.service, access, context, bucketPolicy);
      return decide('NotApplicable', resource);
    }

    const principalArn = sessionArn(principal);
    const identity = this.evaluateRolePolicies(principalArn, this.roleDocuments(principal), access, context);
    const resource = bucketPolicy
      ? await this.evaluateBucketPolicy(principalArn, access, context, bucketPolicy)
      : 'NotApplicable';
    return decide(identity, resource);
  }

  /** Problems iam-simulate finds in the configured policies (empty when all are valid). */
  async validate(): Promise<string[]> {
    const problems: string[] = [];
    const probe = { action: 's3:GetObject', resource: 'arn:aws:s3:::policy-validation/probe', context: {} };
    const sets: [string, PolicyDocument[]][] = [
      ['identityPolicies', this.policies.identityPolicies],
      ['unauthenticatedIdentityPolicies', this.policies.unauthenticatedIdentityPolicies ?? []],
      ...Object.entries(this.policies.lambdaPolicies).map(([key, documents]): [string, PolicyDocument[]] => [
        `lambdaPolicies.${key}`,
        documents,
      ]),
    ];
    const probePrincipal = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/PolicyValidation/probe`;
    for (const [name, documents] of sets) {
      const result = await runSimulation(
        simulation(probePrincipal, probe, {}, { identityPolicies: named(documents) }),
        {},
      );
      if (result.resultType === 'error') problems.push(`${name}: ${JSON.stringify(result.errors)}`);
    }
    for (const [bucket, document] of Object.entries(this.policies.bucketPolicies)) {
      const result = await runSimulation(
        simulation(
          anonymousPrincipal,
          { ...probe, resource: `arn:aws:s3:::${bucket}/probe` },
          {},
          {
            resourcePolicy: document,
          },
        ),
        {},
      );
      if (result.resultType === 'error')
        problems.push(`bucketPolicies.${bucket}: ${JSON.stringify(result.errors)}`);
    }
    return problems;
  }

  private restrictsPublic(resource: string): boolean {
    const bucket = /^arn:aws:s3:::([^/]+)/.exec(resource)?.[1] ?? '';
    return this.policies.publicAccessBlock?.[bucket]?.RestrictPublicBuckets ?? true;
  }

  private roleDocuments(principal: Exclude<Principal, { kind: 'service' }>): PolicyDocument[] {
    if (principal.kind === 'lambda') return this.policies.lambdaPolicies[principal.functionKey] ?? [];
    if (principal.kind === 'deployer') return DEPLOYER_POLICIES;
    return principal.authenticated === false
      ? (this.policies.unauthenticatedIdentityPolicies ?? [])
      : this.policies.identityPolicies;
  }

  private bucketPolicyFor(resource: string): PolicyDocument | undefined {
    const match = /^arn:aws:s3:::([^/]+)/.exec(resource);
    return match?.[1] ? this.policies.bucketPolicies[match[1]] : undefined;
  }

  private evaluateRolePolicies(
    principalArn: string,
    documents: PolicyDocument[],
    access: S3Access,
    context: ContextValues,
  ): Side {
    if (documents.length === 0) return 'ImplicitlyDenied';
    try {
      return runUnsafeSimulation(
        simulation(principalArn, access, context, { identityPolicies: named(documents) }),
        {},
      );
    } catch {
      // A policy iam-simulate cannot load grants nothing; validate() reports it at start-up.
      return 'ImplicitlyDenied';
    }
  }

  private async evaluateBucketPolicy(
    principal: Simulation['request']['principal'],
    access: S3Access,
    context: ContextValues,
    bucketPolicy: PolicyDocument,
  ): Promise<Side> {
    const result = await runSimulation(
      simulation(principal, access, context, { resourcePolicy: bucketPolicy }),
      {},
    );
    if (result.resultType !== 'error') return result.overallResult;
    // An invalid request context or policy grants nothing; the decision's reason carries the message.
    return `ImplicitlyDenied (iam-simulate: ${result.errors.message})` as Side;
  }
}

function decide(identity: Side, resource: Side): Decision {
  const reason = `role policies: ${identity}; bucket policy: ${resource}`;
  if (identity === 'ExplicitlyDenied' || resource === 'ExplicitlyDenied') {
    return { allowed: false, result: 'ExplicitlyDenied', reason };
  }
  if (identity === 'Allowed' || resource === 'Allowed') return { allowed: true, result: 'Allowed', reason };
  return { allowed: false, result: 'ImplicitlyDenied', reason };
}

function named(documents: PolicyDocument[]): Simulation['identityPolicies'] {
  return documents.map((policy, index) => ({ name: `policy-${index + 1}`, policy }));
}

function simulation(
  principal: Simulation['request']['principal'],
  access: Pick<S3Access, 'action' | 'resource'>,
  context: ContextValues,
  policies: { identityPolicies?: Simulation['identityPolicies']; resourcePolicy?: PolicyDocument },
): Simulation {
  return {
    request: {
      principal,
      action: access.action,
      resource: { resource: access.resource, accountId: ACCOUNT_ID },
      contextVariables: context,
    },
    identityPolicies: policies.identityPolicies ?? [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: policies.resourcePolicy,
  };
}

function roleFor(principal: Exclude<Principal, { kind: 'service' }>): { role: string; session: string } {
  if (principal.kind === 'lambda') return { role: principal.roleName, session: principal.sessionName };
  if (principal.kind === 'deployer') return ROLE_SESSION.deployer;
  return principal.authenticated === false ? ROLE_SESSION.unauthenticated : ROLE_SESSION.authenticated;
}

/** The assumed-role session ARN AWS names the caller by (in AccessDenied messages too). */
export function sessionArn(principal: Exclude<Principal, { kind: 'service' }>): string {
  const { role, session } = roleFor(principal);
  return `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${role}/${session}`;
}

/** The global and Cognito condition keys AWS puts in the request context of a role session. */
function principalContext(principal: RequestPrincipal): ContextValues {
  if (principal.kind === 'anonymous') return {};
  if (principal.kind === 'service') {
    return {
      'aws:PrincipalServiceName': principal.service,
      'aws:SourceArn': principal.sourceArn,
      'aws:SourceAccount': principal.sourceAccount,
    };
  }
  const { role, session } = roleFor(principal);
  const context: ContextValues = {
    'aws:PrincipalType': 'AssumedRole',
    'aws:PrincipalAccount': ACCOUNT_ID,
    'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT_ID}:role/${role}`,
    'aws:userid': `AROA${role.toUpperCase()}:${session}`,
  };
  if (principal.kind === 'identity') {
    const authenticated = principal.authenticated !== false;
    context['aws:FederatedProvider'] = 'cognito-identity.amazonaws.com';
    context['cognito-identity.amazonaws.com:sub'] = principal.identityId;
    context['cognito-identity.amazonaws.com:amr'] = [authenticated ? 'authenticated' : 'unauthenticated'];
    if (principal.identityPoolId) context['cognito-identity.amazonaws.com:aud'] = principal.identityPoolId;
    for (const [tag, value] of Object.entries(principal.tags ?? {}))
      context[`aws:PrincipalTag/${tag}`] = value;
  }
  return context;
}
