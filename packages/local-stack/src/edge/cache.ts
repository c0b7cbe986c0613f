import type { CachePolicy } from './policies';

/** Statuses CloudFront caches by the origin's headers (others, e.g. 401 or 302, are never cached). */
const CACHEABLE = new Set([200, 203, 300, 301, 410]);
/** Error statuses CloudFront caches for the error caching minimum TTL (10 s unless configured). */
const CACHED_ERRORS = new Set([400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504]);
export const DEFAULT_ERROR_CACHING_TTL = 10;

export function parseCacheControl(value: string | undefined): Map<string, string | true> {
  const directives = new Map<string, string | true>();
  for (const part of (value ?? '').split(',')) {
    const [name, arg] = part.trim().split('=', 2) as [string, string | undefined];
    if (name) directives.set(name.toLowerCase(), arg === undefined ? true : arg.replace(/^"|"$/g, ''));
  }
  return directives;
}

/**
 * How long CloudFront keeps a response (seconds; 0 = not stored), from the cache policy's TTLs and the
 * origin's `Cache-Control`/`Expires` — the rules of "Manage how long content stays in the cache".
 */
export function edgeTtl(
  policy: Pick<CachePolicy, 'minTtl' | 'defaultTtl' | 'maxTtl'>,
  status: number,
  headers: { cacheControl?: string; expires?: string; date?: string },
  errorCachingTtl = DEFAULT_ERROR_CACHING_TTL,
  now = Date.now(),
): number {
  const cc = parseCacheControl(headers.cacheControl);
  const noStore = cc.has('no-store') || cc.has('no-cache') || cc.has('private');
  if (CACHED_ERRORS.has(status)) {
    if (noStore) return 0;
    const explicit = cc.get('s-maxage') ?? cc.get('max-age');
    return explicit !== undefined && explicit !== true ? Number(explicit) : errorCachingTtl;
  }
  if (!CACHEABLE.has(status)) return 0;
  if (noStore) return policy.minTtl;
  const clamp = (ttl: number) => Math.min(Math.max(ttl, policy.minTtl), policy.maxTtl);
  const sMaxAge = cc.get('s-maxage');
  if (sMaxAge !== undefined && sMaxAge !== true) return clamp(Number(sMaxAge));
  const maxAge = cc.get('max-age');
  if (maxAge !== undefined && maxAge !== true) return clamp(Number(maxAge));
  if (headers.expires) {
    const base = headers.date ? Date.parse(headers.date) : now;
    const expires = Date.parse(headers.expires);
    if (!Number.isNaN(expires)) return clamp(Math.max(0, Math.floor((expires - base) / 1000)));
  }
  return Math.min(Math.max(policy.defaultTtl, policy.minTtl), policy.maxTtl);
}

export interface CachedResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  storedAt: number;
  expiresAt: number;
  /** Compressed bodies, made once per encoding. */
  encoded: Map<string, Buffer>;
}

/** One edge location's cache: entries by cache key, with the URI kept for invalidations. */
export class EdgeCache {
  private readonly entries = new Map<string, { uri: string; response: CachedResponse }>();

  get(key: string): CachedResponse | undefined {
    return this.entries.get(key)?.response;
  }

  set(key: string, uri: string, response: CachedResponse): void {
    this.entries.set(key, { uri, response });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Invalidation paths: exact URIs, or a prefix ending in `*` (`/*` clears everything). */
  invalidate(paths: string[]): number {
    let removed = 0;
    for (const [key, entry] of this.entries) {
      const hit = paths.some((p) =>
        p.endsWith('*') ? entry.uri.startsWith(p.slice(0, -1)) : entry.uri === p,
      );
      if (hit) {
        this.entries.delete(key);
        removed++;
      }
    }
    return removed;
  }

  get size(): number {
    return this.entries.size;
  }
}
