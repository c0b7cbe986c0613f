import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './paths';

const run = promisify(execFile);

export const LOCAL_ACCOUNT_ID = '000000000000';

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
}

export interface ServerlessFunction {
  handler: string;
  name?: string;
  events?: Record<string, unknown>[];
  /** The function's own role (serverless-iam-roles-per-function). */
  iamRoleStatements?: unknown[];
}

/** The parts of `serverless print` output the local stack uses. */
export interface ServerlessConfig {
  service: string;
  provider: {
    region: string;
    stage: string;
    environment?: Record<string, unknown>;
    httpApi?: unknown;
  };
  functions: Record<string, ServerlessFunction>;
  resources: { Resources: Record<string, CfnResource> };
}

/**
 * Loads serverless.yml through the Serverless CLI itself (`serverless print`), so variables,
 * params and stages resolve exactly as on deploy: one source of truth for AWS and local.
 */
export async function loadServerlessConfig(
  stage: string,
  env: NodeJS.ProcessEnv,
  configFile = 'serverless.yml',
): Promise<ServerlessConfig> {
  const bin = join(repoRoot, 'node_modules', '.bin', 'serverless');
  try {
    const args = ['print', '--stage', stage, '--format', 'json', '--config', configFile];
    const { stdout } = await run(bin, args, {
      cwd: repoRoot,
      env: { ...env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
      maxBuffer: 32 * 1024 * 1024,
    });
    const config = JSON.parse(stdout) as ServerlessConfig;
    config.resources ??= { Resources: {} };
    config.functions ??= {};
    return config;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`serverless print failed: ${e.stderr?.trim() || e.message}`);
  }
}

/** What a logical ID resolves to locally: its `Ref` value and its `Fn::GetAtt` attributes. */
export interface LocalRef {
  ref: string;
  attributes: Record<string, string>;
}

/** Local names and ARNs for the resources whose names are static in the template. */
export function staticRefs(config: ServerlessConfig): Record<string, LocalRef> {
  const region = config.provider.region;
  const refs: Record<string, LocalRef> = {};
  for (const [id, resource] of Object.entries(config.resources.Resources)) {
    const p = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable': {
        const name = String(p.TableName);
        const arn = `arn:aws:dynamodb:${region}:${LOCAL_ACCOUNT_ID}:table/${name}`;
        refs[id] = { ref: name, attributes: { Arn: arn, StreamArn: `${arn}/stream/local` } };
        break;
      }
      case 'AWS::S3::Bucket': {
        const name = String(p.BucketName);
        refs[id] = {
          ref: name,
          attributes: {
            Arn: `arn:aws:s3:::${name}`,
            DomainName: `${name}.s3.amazonaws.com`,
            RegionalDomainName: `${name}.s3.${region}.amazonaws.com`,
          },
        };
        break;
      }
      case 'AWS::CloudFront::Distribution': {
        const distributionId = localDistributionId(id);
        refs[id] = {
          ref: distributionId,
          attributes: { Id: distributionId, DomainName: `${distributionId.toLowerCase()}.cloudfront.net` },
        };
        break;
      }
      case 'AWS::CloudFront::Function':
        refs[id] = {
          ref: id,
          attributes: {
            FunctionARN: `arn:aws:cloudfront::${LOCAL_ACCOUNT_ID}:function/${String(p.Name ?? id)}`,
          },
        };
        break;
      case 'AWS::CloudFront::OriginAccessControl':
      case 'AWS::CloudFront::CachePolicy':
      case 'AWS::CloudFront::OriginRequestPolicy':
      case 'AWS::CloudFront::ResponseHeadersPolicy':
        refs[id] = { ref: id, attributes: { Id: id } };
        break;
      case 'AWS::SQS::Queue': {
        const name = String(p.QueueName ?? id);
        refs[id] = {
          ref: `http://127.0.0.1/${LOCAL_ACCOUNT_ID}/${name}`,
          attributes: { Arn: `arn:aws:sqs:${region}:${LOCAL_ACCOUNT_ID}:${name}`, QueueName: name },
        };
        break;
      }
      case 'AWS::IAM::Role':
        refs[id] = { ref: id, attributes: { Arn: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/${id}` } };
        break;
    }
  }
  return refs;
}

/** The local id of a distribution (CloudFront ids are upper-case letters and digits). */
export function localDistributionId(logicalId: string): string {
  return `E${logicalId.toUpperCase().replace(/[^A-Z0-9]/g, '')}`.slice(0, 14);
}

/**
 * Evaluates the CloudFormation intrinsics our template uses (Ref, Fn::GetAtt, Fn::Join, Fn::Sub
 * with plain `${Name}`) against local values. Unknown references throw, rather than guessing.
 */
export function resolveIntrinsics(value: unknown, refs: Record<string, LocalRef>, region: string): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, refs, region));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const arg = obj[key];
    if (key === 'Ref') {
      if (arg === 'AWS::Region') return region;
      if (arg === 'AWS::AccountId') return LOCAL_ACCOUNT_ID;
      const ref = refs[String(arg)];
      if (!ref) throw new Error(`Cannot resolve Ref ${String(arg)} locally`);
      return ref.ref;
    }
    if (key === 'Fn::GetAtt') {
      const [id, attr] = Array.isArray(arg) ? (arg as string[]) : String(arg).split('.');
      const resolved = refs[String(id)]?.attributes[String(attr)];
      if (resolved === undefined) throw new Error(`Cannot resolve Fn::GetAtt ${id}.${attr} locally`);
      return resolved;
    }
    if (key === 'Fn::Join') {
      const [sep, parts] = arg as [string, unknown[]];
      return (resolveIntrinsics(parts, refs, region) as unknown[]).map(String).join(sep);
    }
    if (key === 'Fn::Split') {
      const [sep, source] = arg as [string, unknown];
      return String(resolveIntrinsics(source, refs, region)).split(sep);
    }
    if (key === 'Fn::Select') {
      const [index, list] = arg as [number | string, unknown];
      const values = resolveIntrinsics(list, refs, region) as unknown[];
      const picked = values[Number(index)];
      if (picked === undefined) throw new Error(`Fn::Select index ${index} is out of range locally`);
      return picked;
    }
    if (key === 'Fn::Sub' && typeof arg === 'string') {
      return arg.replace(/\$\{([^}!]+)\}/g, (_m, name: string) => {
        const [id, attr] = name.split('.');
        if (name === 'AWS::Region') return region;
        if (name === 'AWS::AccountId') return LOCAL_ACCOUNT_ID;
        const ref = refs[String(id)];
        const out = attr ? ref?.attributes[attr] : ref?.ref;
        if (out === undefined) throw new Error(`Cannot resolve \${${name}} locally`);
        return out;
      });
    }
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, resolveIntrinsics(v, refs, region)]));
}

export function resourcesOfType(config: ServerlessConfig, type: string): [string, CfnResource][] {
  return Object.entries(config.resources.Resources).filter(([, r]) => r.Type === type);
}

/** The Lambda function name serverless-offline and AWS use: `<service>-<stage>-<key>`. */
export function functionName(config: ServerlessConfig, key: string): string {
  return config.functions[key]?.name ?? `${config.service}-${config.provider.stage}-${key}`;
}
