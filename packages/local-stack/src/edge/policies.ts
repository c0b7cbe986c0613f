/**
 * CloudFront cache, origin request and response headers policies: the managed ones by id, and the
 * template's own (`AWS::CloudFront::*Policy` resources) parsed from their config.
 */

export type ListBehavior =
  | 'none'
  | 'whitelist'
  | 'allExcept'
  | 'all'
  | 'allViewer'
  | 'allViewerAndWhitelistCloudFront';

export interface ParameterList {
  behavior: ListBehavior;
  /** Lower-case names. */
  names: string[];
}

export interface CachePolicy {
  name: string;
  minTtl: number;
  defaultTtl: number;
  maxTtl: number;
  headers: ParameterList;
  cookies: ParameterList;
  queryStrings: ParameterList;
  gzip: boolean;
  brotli: boolean;
}

export interface OriginRequestPolicy {
  name: string;
  headers: ParameterList;
  cookies: ParameterList;
  queryStrings: ParameterList;
}

export interface HeaderSetting {
  header: string;
  value: string;
  override: boolean;
}

export interface ResponseHeadersPolicy {
  name: string;
  /** Security and custom headers, as CloudFront adds them (override: replace the origin's). */
  headers: HeaderSetting[];
  /** Lower-case names removed from the origin's response. */
  remove: string[];
  serverTiming: boolean;
}

const none: ParameterList = { behavior: 'none', names: [] };

const list = (behavior: ListBehavior, names: string[] = []): ParameterList => ({
  behavior,
  names: names.map((n) => n.toLowerCase()),
});

/** The two CachingOptimized policies, which differ only in compression. */
const cachingOptimized = {
  minTtl: 1,
  defaultTtl: 86400,
  maxTtl: 31536000,
  headers: none,
  cookies: none,
  queryStrings: none,
};

/** The two UseOriginCacheControlHeaders policies, which differ only in their query strings. */
const useOriginCacheControl = {
  minTtl: 0,
  defaultTtl: 0,
  maxTtl: 31536000,
  headers: list('whitelist', [
    'host',
    'origin',
    'x-http-method-override',
    'x-http-method',
    'x-method-override',
  ]),
  cookies: list('all'),
  gzip: true,
  brotli: true,
};

/** AWS managed cache policies (ids and settings from the CloudFront developer guide). */
export const MANAGED_CACHE_POLICIES: Record<string, CachePolicy> = {
  '658327ea-f89d-4fab-a63d-7e88639e58f6': {
    name: 'Managed-CachingOptimized',
    ...cachingOptimized,
    gzip: true,
    brotli: true,
  },
  'b2884449-e4de-46a7-ac36-70bc7f1ddd6d': {
    name: 'Managed-CachingOptimizedForUncompressedObjects',
    ...cachingOptimized,
    gzip: false,
    brotli: false,
  },
  '4135ea2d-6df8-44a3-9df3-4b5a84be39ad': {
    name: 'Managed-CachingDisabled',
    minTtl: 0,
    defaultTtl: 0,
    maxTtl: 0,
    headers: none,
    cookies: none,
    queryStrings: none,
    gzip: false,
    brotli: false,
  },
  '83da9c7e-98b4-4e11-a168-04f0df8e2c65': {
    name: 'Managed-UseOriginCacheControlHeaders',
    ...useOriginCacheControl,
    queryStrings: none,
  },
  '4cc15a8a-d715-48a4-82b8-cc0b614638fe': {
    name: 'Managed-UseOriginCacheControlHeaders-QueryStrings',
    ...useOriginCacheControl,
    queryStrings: list('all'),
  },
};

/** AWS managed origin request policies. */
export const MANAGED_ORIGIN_REQUEST_POLICIES: Record<string, OriginRequestPolicy> = {
  '216adef6-5c7f-47e4-b989-5492eafa07d3': {
    name: 'Managed-AllViewer',
    headers: list('allViewer'),
    cookies: list('all'),
    queryStrings: list('all'),
  },
  'b689b0a8-53d0-40ab-baf2-68738e2966ac': {
    name: 'Managed-AllViewerExceptHostHeader',
    headers: list('allExcept', ['host']),
    cookies: list('all'),
    queryStrings: list('all'),
  },
  '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf': {
    name: 'Managed-CORS-S3Origin',
    headers: list('whitelist', ['origin', 'access-control-request-headers', 'access-control-request-method']),
    cookies: none,
    queryStrings: none,
  },
  '59781a5b-3903-41f3-afcb-af62929ccde1': {
    name: 'Managed-CORS-CustomOrigin',
    headers: list('whitelist', ['origin']),
    cookies: none,
    queryStrings: none,
  },
  'acba4595-bd28-49b8-b9fe-13317c0390fa': {
    name: 'Managed-UserAgentRefererHeaders',
    headers: list('whitelist', ['user-agent', 'referer']),
    cookies: none,
    queryStrings: none,
  },
};

/** AWS managed response headers policies. */
export const MANAGED_RESPONSE_HEADERS_POLICIES: Record<string, ResponseHeadersPolicy> = {
  '67f7725c-6f97-4210-82d7-5512b31e9d03': {
    name: 'Managed-SecurityHeadersPolicy',
    headers: [
      { header: 'strict-transport-security', value: 'max-age=31536000', override: false },
      { header: 'x-content-type-options', value: 'nosniff', override: true },
      { header: 'x-frame-options', value: 'SAMEORIGIN', override: false },
      { header: 'referrer-policy', value: 'strict-origin-when-cross-origin', override: false },
      { header: 'x-xss-protection', value: '1; mode=block', override: false },
    ],
    remove: [],
    serverTiming: false,
  },
  '60669652-455b-4ae9-85a4-c4c02393f86c': {
    name: 'Managed-SimpleCORS',
    headers: [{ header: 'access-control-allow-origin', value: '*', override: false }],
    remove: [],
    serverTiming: false,
  },
};

type Config = Record<string, unknown>;

function items(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  const nested = (value as { Items?: unknown } | undefined)?.Items;
  return Array.isArray(nested) ? nested.map(String) : [];
}

function parameterList(config: unknown, behaviorKey: string, itemsKey: string): ParameterList {
  const c = (config ?? {}) as Config;
  const behavior = String(c[behaviorKey] ?? 'none') as ListBehavior;
  return list(behavior, items(c[itemsKey]));
}

const num = (v: unknown, fallback: number) => (v === undefined ? fallback : Number(v));

/** `CachePolicyConfig` of an `AWS::CloudFront::CachePolicy`. */
export function parseCachePolicy(config: Config): CachePolicy {
  const p = (config.ParametersInCacheKeyAndForwardedToOrigin ?? {}) as Config;
  return {
    name: String(config.Name ?? 'cache-policy'),
    minTtl: num(config.MinTTL, 0),
    defaultTtl: num(config.DefaultTTL, 86400),
    maxTtl: num(config.MaxTTL, 31536000),
    headers: parameterList(p.HeadersConfig, 'HeaderBehavior', 'Headers'),
    cookies: parameterList(p.CookiesConfig, 'CookieBehavior', 'Cookies'),
    queryStrings: parameterList(p.QueryStringsConfig, 'QueryStringBehavior', 'QueryStrings'),
    gzip: p.EnableAcceptEncodingGzip === true,
    brotli: p.EnableAcceptEncodingBrotli === true,
  };
}

/** `OriginRequestPolicyConfig` of an `AWS::CloudFront::OriginRequestPolicy`. */
export function parseOriginRequestPolicy(config: Config): OriginRequestPolicy {
  return {
    name: String(config.Name ?? 'origin-request-policy'),
    headers: parameterList(config.HeadersConfig, 'HeaderBehavior', 'Headers'),
    cookies: parameterList(config.CookiesConfig, 'CookieBehavior', 'Cookies'),
    queryStrings: parameterList(config.QueryStringsConfig, 'QueryStringBehavior', 'QueryStrings'),
  };
}

const FRAME_OPTIONS: Record<string, string> = { DENY: 'DENY', SAMEORIGIN: 'SAMEORIGIN' };

/** `ResponseHeadersPolicyConfig` of an `AWS::CloudFront::ResponseHeadersPolicy` (CORS config not applied). */
export function parseResponseHeadersPolicy(config: Config): ResponseHeadersPolicy {
  const headers: HeaderSetting[] = [];
  const security = (config.SecurityHeadersConfig ?? {}) as Record<string, Config | undefined>;
  const override = (c: Config | undefined) => c?.Override === true;
  const hsts = security.StrictTransportSecurity;
  if (hsts) {
    const value = [
      `max-age=${hsts.AccessControlMaxAgeSec}`,
      hsts.IncludeSubdomains === true ? 'includeSubDomains' : '',
      hsts.Preload === true ? 'preload' : '',
    ]
      .filter(Boolean)
      .join('; ');
    headers.push({ header: 'strict-transport-security', value, override: override(hsts) });
  }
  const csp = security.ContentSecurityPolicy;
  if (csp)
    headers.push({
      header: 'content-security-policy',
      value: String(csp.ContentSecurityPolicy),
      override: override(csp),
    });
  const cto = security.ContentTypeOptions;
  if (cto) headers.push({ header: 'x-content-type-options', value: 'nosniff', override: override(cto) });
  const fo = security.FrameOptions;
  if (fo)
    headers.push({
      header: 'x-frame-options',
      value: FRAME_OPTIONS[String(fo.FrameOption)] ?? String(fo.FrameOption),
      override: override(fo),
    });
  const rp = security.ReferrerPolicy;
  if (rp)
    headers.push({ header: 'referrer-policy', value: String(rp.ReferrerPolicy), override: override(rp) });
  const xss = security.XSSProtection;
  if (xss) {
    let value = xss.Protection === false ? '0' : '1';
    if (xss.Protection !== false && xss.ModeBlock === true) value += '; mode=block';
    if (xss.Protection !== false && xss.ReportUri) value += `; report=${xss.ReportUri}`;
    headers.push({ header: 'x-xss-protection', value, override: override(xss) });
  }
  const custom = (config.CustomHeadersConfig as { Items?: Config[] } | undefined)?.Items ?? [];
  for (const item of custom) {
    headers.push({
      header: String(item.Header).toLowerCase(),
      value: String(item.Value),
      override: item.Override === true,
    });
  }
  const remove = ((config.RemoveHeadersConfig as { Items?: Config[] } | undefined)?.Items ?? []).map((i) =>
    String(i.Header).toLowerCase(),
  );
  const serverTiming = (config.ServerTimingHeadersConfig as Config | undefined)?.Enabled === true;
  return { name: String(config.Name ?? 'response-headers-policy'), headers, remove, serverTiming };
}
