import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import S3rver from 's3rver';
import { assertPolicyAccepted, type PublicAccessBlock, publicAccessBlockOf } from './s3-gateway';
import { decodeStoredKey } from './s3-gateway/stored-key';
import {
  functionName,
  type LocalRef,
  resolveIntrinsics,
  resourcesOfType,
  type ServerlessConfig,
} from './template';

type PolicyDocument = { Version?: string; Statement: unknown[] };

export interface S3Setup {
  buckets: Record<string, string>; // logical id -> bucket name
  identityPolicies: PolicyDocument[];
  bucketPolicies: Record<string, PolicyDocument>;
  /** Block Public Access per bucket name, from each bucket's `PublicAccessBlockConfiguration`. */
  publicAccessBlock: Record<string, PublicAccessBlock>;
}

/** Reads buckets and every S3-relevant IAM policy from the resolved serverless config. */
export function s3SetupFromConfig(config: ServerlessConfig, refs: Record<string, LocalRef>): S3Setup {
  const region = config.provider.region;
  const resolve = <T>(v: unknown) => resolveIntrinsics(v, refs, region) as T;
  const buckets = Object.fromEntries(
    resourcesOfType(config, 'AWS::S3::Bucket').map(([id, r]) => [id, String(r.Properties?.BucketName)]),
  );
  // The identity pool's authenticated role, found through the role attachment (not by name).
  const attachment = resourcesOfType(config, 'AWS::Cognito::IdentityPoolRoleAttachment')[0]?.[1];
  const roleGetAtt = (
    attachment?.Properties?.Roles as { authenticated?: { 'Fn::GetAtt'?: [string, string] } }
  )?.authenticated?.['Fn::GetAtt'];
  const role = roleGetAtt ? config.resources.Resources[roleGetAtt[0]] : undefined;
  if (!role)
    throw new Error('serverless.yml has no identity pool role attachment with an authenticated role');
  const identityPolicies = ((role.Properties?.Policies ?? []) as { PolicyDocument: unknown }[]).map((p) =>
    resolve<PolicyDocument>(p.PolicyDocument),
  );
  const publicAccessBlock = Object.fromEntries(
    resourcesOfType(config, 'AWS::S3::Bucket').map(([, r]) => [
      String(r.Properties?.BucketName),
      publicAccessBlockOf(resolve(r.Properties?.PublicAccessBlockConfiguration)),
    ]),
  );
  const bucketPolicies: Record<string, PolicyDocument> = {};
  for (const [, r] of resourcesOfType(config, 'AWS::S3::BucketPolicy')) {
    const bucket = resolve<string>(r.Properties?.Bucket);
    const policy = resolve<PolicyDocument>(r.Properties?.PolicyDocument);
    // As on deploy: S3 refuses a public bucket policy under BlockPublicPolicy, so the stack does not start.
    assertPolicyAccepted(bucket, policy, publicAccessBlock[bucket] ?? publicAccessBlockOf(undefined));
    bucketPolicies[bucket] = policy;
  }
  return { buckets, identityPolicies, bucketPolicies, publicAccessBlock };
}

function corsXml(cors: unknown): string | undefined {
  const rules = (cors as { CorsRules?: Record<string, unknown>[] } | undefined)?.CorsRules;
  if (!rules?.length) return undefined;
  const list = (tag: string, values: unknown) =>
    ((values as string[] | undefined) ?? []).map((v) => `<${tag}>${v}</${tag}>`).join('');
  const body = rules
    .map(
      (r) =>
        `<CORSRule>${list('AllowedOrigin', r.AllowedOrigins)}${list('AllowedMethod', r.AllowedMethods)}${list('AllowedHeader', r.AllowedHeaders)}${list('ExposeHeader', r.ExposedHeaders)}${r.MaxAge ? `<MaxAgeSeconds>${r.MaxAge}</MaxAgeSeconds>` : ''}</CORSRule>`,
    )
    .join('');
  return `<CORSConfiguration>${body}</CORSConfiguration>`;
}

/** s3rver on an internal loopback port, with the buckets (and their CORS rules) of serverless.yml. */
export async function startS3rver(opts: {
  port: number;
  dataDir: string;
  config: ServerlessConfig;
  refs: Record<string, LocalRef>;
}): Promise<S3rver> {
  mkdirSync(opts.dataDir, { recursive: true });
  const configureBuckets = resourcesOfType(opts.config, 'AWS::S3::Bucket').map(([, r]) => {
    const cors = corsXml(
      resolveIntrinsics(r.Properties?.CorsConfiguration, opts.refs, opts.config.provider.region),
    );
    return { name: String(r.Properties?.BucketName), configs: cors ? [Buffer.from(cors)] : [] };
  });
  const server = new S3rver({
    port: opts.port,
    address: '127.0.0.1',
    directory: opts.dataDir,
    silent: true,
    configureBuckets,
  });
  await server.run();
  return server;
}

interface S3EventRule {
  bucket: string;
  events: string[];
  prefix?: string;
  suffix?: string;
  functionName: string;
}

/** The `s3` events of serverless.yml's functions, as routing rules. */
export function s3EventRules(config: ServerlessConfig, refs: Record<string, LocalRef>): S3EventRule[] {
  const rules: S3EventRule[] = [];
  for (const [key, fn] of Object.entries(config.functions)) {
    for (const event of fn.events ?? []) {
      const s3 = event.s3 as
        | {
            bucket: unknown;
            event?: string;
            events?: string[];
            rules?: { prefix?: string; suffix?: string }[];
          }
        | string
        | undefined;
      if (!s3) continue;
      const spec = typeof s3 === 'string' ? { bucket: s3 } : s3;
      const bucket = String(resolveIntrinsics(spec.bucket, refs, config.provider.region));
      const prefix = (spec as { rules?: { prefix?: string }[] }).rules?.find((r) => r.prefix)?.prefix;
      const suffix = (spec as { rules?: { suffix?: string }[] }).rules?.find((r) => r.suffix)?.suffix;
      const events = (spec as { events?: string[] }).events ?? [
        (spec as { event?: string }).event ?? 's3:ObjectCreated:*',
      ];
      rules.push({ bucket, events, prefix, suffix, functionName: functionName(config, key) });
    }
  }
  return rules;
}

function eventMatches(pattern: string, eventName: string): boolean {
  const p = pattern.replace(/^s3:/, '');
  return p.endsWith('*') ? eventName.startsWith(p.slice(0, -1)) : p === eventName;
}

/** S3 event keys are URL-encoded, spaces as '+', as in AWS. */
export function encodeEventKey(key: string): string {
  return key
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/%20/g, '+'))
    .join('/');
}

interface S3rverRecord {
  eventName: string;
  s3: { bucket: { name: string }; object: { key: string } };
}

/**
 * Delivers s3rver's notifications to the functions subscribed in serverless.yml (asynchronous
 * invoke on serverless-offline's Lambda port), applying the same prefix/suffix filters as AWS.
 */
export function forwardS3Events(opts: {
  s3rver: S3rver;
  rules: S3EventRule[];
  lambdaEndpoint: string;
  region: string;
  log: (entry: object) => void;
}): void {
  const lambda = new LambdaClient({
    endpoint: opts.lambdaEndpoint,
    region: opts.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  opts.s3rver.on('event', (event: { Records: S3rverRecord[] }) => {
    for (const record of event.Records) {
      const key = decodeStoredKey(record.s3.object.key); // s3rver names the stored form
      for (const rule of opts.rules) {
        if (rule.bucket !== record.s3.bucket.name) continue;
        if (!rule.events.some((e) => eventMatches(e, record.eventName))) continue;
        if (rule.prefix && !key.startsWith(rule.prefix)) continue;
        if (rule.suffix && !key.endsWith(rule.suffix)) continue;
        const payload = {
          Records: [
            {
              ...record,
              eventSource: 'aws:s3',
              eventName: record.eventName,
              s3: { ...record.s3, object: { ...record.s3.object, key: encodeEventKey(key) } },
            },
          ],
        };
        lambda
          .send(
            new InvokeCommand({
              FunctionName: rule.functionName,
              InvocationType: 'Event',
              Payload: Buffer.from(JSON.stringify(payload)),
            }),
          )
          .then(() =>
            opts.log({
              msg: 's3 event delivered',
              function: rule.functionName,
              key,
              event: record.eventName,
            }),
          )
          .catch((error: Error) =>
            opts.log({
              msg: 's3 event delivery failed',
              function: rule.functionName,
              key,
              error: error.message,
            }),
          );
      }
    }
  });
}

export function listen(handler: Parameters<typeof createServer>[1], port: number): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
