import { createHmac } from 'node:crypto';
import type { Principal, StaticCredential } from '../identity/credential-store';
import type { PolicyDocument } from '../s3-gateway/policy-authorizer';
import { functionName, type LocalRef, resolveIntrinsics, type ServerlessConfig } from '../template';

export type LambdaPrincipal = Extract<Principal, { kind: 'lambda' }>;

export interface LambdaCredential extends StaticCredential {
  principal: LambdaPrincipal;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * One long-lived key pair per function, derived from the stack's secret, so a function's key
 * survives restarts and no two functions share one. The key stands for the function's role.
 */
export function lambdaCredentials(config: ServerlessConfig, stackSecret: string): LambdaCredential[] {
  return Object.keys(config.functions).map((key) => {
    const mac = (label: string) => createHmac('sha256', stackSecret).update(`${label}:${key}`).digest();
    const id = [...mac('access-key').subarray(0, 16)].map((b) => BASE32[b % 32]).join('');
    return {
      accessKeyId: `AKIA${id}`,
      secretAccessKey: mac('secret').toString('base64').slice(0, 40),
      principal: {
        kind: 'lambda',
        functionKey: key,
        roleName: roleName(config, key),
        sessionName: functionName(config, key),
      },
    };
  });
}

/** The role name serverless-iam-roles-per-function gives the function in AWS. */
function roleName(config: ServerlessConfig, key: string): string {
  const { service } = config;
  const { stage, region } = config.provider;
  const full = `${service}-${stage}-${key}-${region}-lambdaRole`;
  return full.length > 64 ? `${service}-${stage}-${key}-${region}` : full;
}

/**
 * Each function's role policy, from its `iamRoleStatements` in serverless.yml, with the
 * template's intrinsics resolved to local names. A function without statements may do nothing.
 */
export function lambdaRolePolicies(
  config: ServerlessConfig,
  refs: Record<string, LocalRef>,
): Record<string, PolicyDocument[]> {
  const region = config.provider.region;
  return Object.fromEntries(
    Object.entries(config.functions).map(([key, fn]) => {
      const statements = resolveIntrinsics(fn.iamRoleStatements ?? [], refs, region) as unknown[];
      const documents = statements.length > 0 ? [{ Version: '2012-10-17', Statement: statements }] : [];
      return [key, documents];
    }),
  );
}

/** Replaces the entries of a live policy record in place (the gateways hold a reference to it). */
export function replacePolicies(
  target: Record<string, PolicyDocument[]>,
  next: Record<string, PolicyDocument[]>,
): void {
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, next);
}
