import {
  LOCAL_ACCOUNT_ID,
  type LocalRef,
  resolveIntrinsics,
  resourcesOfType,
  type ServerlessConfig,
} from '../template';
import {
  type CachePolicy,
  MANAGED_CACHE_POLICIES,
  MANAGED_ORIGIN_REQUEST_POLICIES,
  MANAGED_RESPONSE_HEADERS_POLICIES,
  type OriginRequestPolicy,
  parseCachePolicy,
  parseOriginRequestPolicy,
  parseResponseHeadersPolicy,
  type ResponseHeadersPolicy,
} from './policies';

export type OriginTarget = { kind: 's3'; bucket: string; oac: boolean } | { kind: 'api' };

export interface Origin {
  id: string;
  domainName: string;
  originPath: string;
  target: OriginTarget;
  /** OriginCustomHeaders, sent on every origin request. */
  customHeaders: Record<string, string>;
}

export interface FunctionCode {
  name: string;
  code: string;
}

export interface Behavior {
  /** `*` for the default behaviour. */
  pathPattern: string;
  matcher: RegExp;
  originId: string;
  allowedMethods: string[];
  cachedMethods: string[];
  compress: boolean;
  cachePolicy: CachePolicy;
  originRequestPolicy?: OriginRequestPolicy;
  responseHeadersPolicy?: ResponseHeadersPolicy;
  viewerRequest?: FunctionCode;
  viewerResponse?: FunctionCode;
}

export interface ErrorCaching {
  [status: number]: number;
}

/** A CloudFront distribution as the local edge runs it. */
export interface Distribution {
  logicalId: string;
  id: string;
  arn: string;
  defaultRootObject?: string;
  origins: Record<string, Origin>;
  /** Ordered: the first match wins; the default behaviour is last. */
  behaviors: Behavior[];
  /** ErrorCachingMinTTL per status from CustomErrorResponses (otherwise 10 s). */
  errorCachingMinTtl: ErrorCaching;
}

/** CloudFront path patterns: case-sensitive, `*` any characters (slashes too), `?` exactly one. */
export function pathPatternMatcher(pattern: string): RegExp {
  if (pattern === '*' || pattern === '/*') return /^\/.*$/s;
  const body = pattern
    .replace(/^\//, '')
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^/${body}$`, 's');
}

function originTarget(domainName: string, isS3: boolean, oac: boolean): OriginTarget | undefined {
  const s3 = /^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com$/.exec(domainName);
  if (isS3 && s3?.[1]) return { kind: 's3', bucket: s3[1], oac };
  if (/\.execute-api\.[a-z0-9-]+\.amazonaws\.com$/.test(domainName)) return { kind: 'api' };
  return undefined;
}

type Config = Record<string, unknown>;

/**
 * Reads the distribution `logicalId` (default: the template's only `AWS::CloudFront::Distribution`)
 * with its policies and CloudFront Functions, resolving intrinsics against local values.
 */
export function loadDistribution(
  config: ServerlessConfig,
  refs: Record<string, LocalRef>,
  logicalId?: string,
): Distribution | undefined {
  const distributions = resourcesOfType(config, 'AWS::CloudFront::Distribution');
  const found = logicalId ? distributions.find(([id]) => id === logicalId) : distributions[0];
  if (!found) return undefined;
  const [id, resource] = found;
  const region = config.provider.region;
  const allRefs: Record<string, LocalRef> = { HttpApi: { ref: 'local', attributes: {} }, ...refs };
  const resolve = (value: unknown) => resolveIntrinsics(value, allRefs, region);
  const dc = (resource.Properties?.DistributionConfig ?? {}) as Config;
  const resources = config.resources.Resources;
  const distributionId = allRefs[id]?.ref ?? id;

  const origins: Record<string, Origin> = {};
  for (const o of (dc.Origins ?? []) as Config[]) {
    const domainName = String(resolve(o.DomainName));
    const target = originTarget(
      domainName,
      o.S3OriginConfig !== undefined,
      o.OriginAccessControlId !== undefined,
    );
    if (!target) throw new Error(`Origin ${String(o.Id)} (${domainName}) has no local counterpart`);
    const customHeaders = Object.fromEntries(
      ((o.OriginCustomHeaders ?? []) as Config[]).map((h) => [
        String(h.HeaderName).toLowerCase(),
        String(resolve(h.HeaderValue)),
      ]),
    );
    origins[String(o.Id)] = {
      id: String(o.Id),
      domainName,
      originPath: String(o.OriginPath ?? '').replace(/\/$/, ''),
      target,
      customHeaders,
    };
  }

  const policy = <T>(
    ref: unknown,
    managed: Record<string, T>,
    type: string,
    configKey: string,
    parse: (c: Config) => T,
  ): T | undefined => {
    if (ref === undefined) return undefined;
    const logical = (ref as { Ref?: string }).Ref;
    if (logical) {
      const r = resources[logical];
      if (r?.Type !== type) throw new Error(`${logical} is not a ${type}`);
      return parse(resolve(r.Properties?.[configKey]) as Config);
    }
    const known = managed[String(ref)];
    if (!known) throw new Error(`Unknown managed policy ${String(ref)} (${type})`);
    return known;
  };

  const functionCode = (associations: unknown, eventType: string): FunctionCode | undefined => {
    const association = ((associations ?? []) as Config[]).find((a) => a.EventType === eventType);
    if (!association) return undefined;
    const getAtt = (association.FunctionARN as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
    const fn = getAtt ? resources[getAtt[0]] : undefined;
    if (fn?.Type !== 'AWS::CloudFront::Function')
      throw new Error(`${eventType} function of ${id} must be a Fn::GetAtt of an AWS::CloudFront::Function`);
    const runtime = (fn.Properties?.FunctionConfig as Config | undefined)?.Runtime;
    if (runtime !== 'cloudfront-js-2.0' && runtime !== 'cloudfront-js-1.0')
      throw new Error(`${getAtt?.[0]}: runtime ${String(runtime)} is not a CloudFront Functions runtime`);
    return { name: String(fn.Properties?.Name ?? getAtt?.[0]), code: String(fn.Properties?.FunctionCode) };
  };

  const behavior = (b: Config, pathPattern: string): Behavior => {
    if (b.CachePolicyId === undefined)
      throw new Error(`Behaviour ${pathPattern} of ${id}: legacy ForwardedValues are not supported locally`);
    const cachePolicy = policy(
      b.CachePolicyId,
      MANAGED_CACHE_POLICIES,
      'AWS::CloudFront::CachePolicy',
      'CachePolicyConfig',
      parseCachePolicy,
    ) as CachePolicy;
    return {
      pathPattern,
      matcher: pathPatternMatcher(pathPattern),
      originId: String(b.TargetOriginId),
      allowedMethods: ((b.AllowedMethods ?? ['GET', 'HEAD']) as string[]).map(String),
      cachedMethods: ((b.CachedMethods ?? ['GET', 'HEAD']) as string[]).map(String),
      compress: b.Compress === true,
      cachePolicy,
      originRequestPolicy: policy(
        b.OriginRequestPolicyId,
        MANAGED_ORIGIN_REQUEST_POLICIES,
        'AWS::CloudFront::OriginRequestPolicy',
        'OriginRequestPolicyConfig',
        parseOriginRequestPolicy,
      ),
      responseHeadersPolicy: policy(
        b.ResponseHeadersPolicyId,
        MANAGED_RESPONSE_HEADERS_POLICIES,
        'AWS::CloudFront::ResponseHeadersPolicy',
        'ResponseHeadersPolicyConfig',
        parseResponseHeadersPolicy,
      ),
      viewerRequest: functionCode(b.FunctionAssociations, 'viewer-request'),
      viewerResponse: functionCode(b.FunctionAssociations, 'viewer-response'),
    };
  };

  const behaviors = ((dc.CacheBehaviors ?? []) as Config[]).map((b) => behavior(b, String(b.PathPattern)));
  behaviors.push(behavior((dc.DefaultCacheBehavior ?? {}) as Config, '*'));
  for (const b of behaviors) {
    if (!origins[b.originId])
      throw new Error(`Behaviour ${b.pathPattern} targets unknown origin ${b.originId}`);
  }
  const errorCachingMinTtl: ErrorCaching = {};
  for (const e of (dc.CustomErrorResponses ?? []) as Config[]) {
    if (e.ResponsePagePath !== undefined)
      throw new Error('CustomErrorResponses with a ResponsePagePath are not supported locally');
    errorCachingMinTtl[Number(e.ErrorCode)] = Number(e.ErrorCachingMinTTL ?? 10);
  }
  return {
    logicalId: id,
    id: distributionId,
    arn: `arn:aws:cloudfront::${LOCAL_ACCOUNT_ID}:distribution/${distributionId}`,
    defaultRootObject: dc.DefaultRootObject ? String(dc.DefaultRootObject) : undefined,
    origins,
    behaviors,
    errorCachingMinTtl,
  };
}

export function behaviorFor(distribution: Distribution, uri: string): Behavior {
  const found = distribution.behaviors.find((b) => b.matcher.test(uri));
  // The default behaviour matches everything, so there is always one.
  return found ?? (distribution.behaviors.at(-1) as Behavior);
}
