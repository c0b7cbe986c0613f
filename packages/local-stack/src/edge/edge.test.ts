import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../paths';
import { EdgeCache, edgeTtl } from './cache';
import { CloudFrontFunction, type FunctionRequest } from './cloudfront-function';
import { pathPatternMatcher } from './distribution';
import { MANAGED_CACHE_POLICIES } from './policies';
import { compressFor, viewerEncoding } from './response';

/** The CloudFront Functions' own code, read from serverless.yml (CloudFormation tags kept as data). */
function templateFunction(logicalId: string): CloudFrontFunction {
  const text = readFileSync(join(repoRoot, 'serverless.yml'), 'utf8');
  const doc = parse(text, { customTags: [], strict: false, logLevel: 'silent' }) as {
    resources: { Resources: Record<string, { Properties: { Name: string; FunctionCode: string } }> };
  };
  const fn = doc.resources.Resources[logicalId];
  if (!fn) throw new Error(`${logicalId} not in serverless.yml`);
  return new CloudFrontFunction({ name: logicalId, code: fn.Properties.FunctionCode });
}

const request = (uri: string): FunctionRequest => ({
  method: 'GET',
  uri,
  querystring: { slug: { value: 'hello' } },
  headers: { host: { value: 'x' } },
  cookies: {},
});
const event = (uri: string) => ({
  version: '1.0' as const,
  context: { distributionDomainName: 'x', distributionId: 'E', eventType: 'viewer-request', requestId: 'r' },
  viewer: { ip: '127.0.0.1' },
  request: request(uri),
});

describe('CloudFront Functions from serverless.yml, executed', () => {
  it('site URLs: clean paths map to the exported .html files', async () => {
    const fn = templateFunction('SiteUrlRewriteFunction');
    const uris: Record<string, string> = {
      '/': '/index.html',
      '/blog': '/blog.html',
      '/blog/': '/blog.html',
      '/blog/edit': '/blog/edit.html',
      '/_next/static/chunks/a.js': '/_next/static/chunks/a.js',
      '/config.json': '/config.json',
    };
    for (const [from, to] of Object.entries(uris)) {
      const out = (await fn.run(event(from))) as FunctionRequest;
      expect(out.uri, from).toBe(to);
      expect(out.querystring.slug?.value).toBe('hello');
    }
  });

  it('API prefix: /api/posts → /posts, the query string untouched', async () => {
    const fn = templateFunction('ApiPathRewriteFunction');
    expect(((await fn.run(event('/api/posts'))) as FunctionRequest).uri).toBe('/posts');
    expect(((await fn.run(event('/api'))) as FunctionRequest).uri).toBe('/');
    expect(((await fn.run(event('/apix/posts'))) as FunctionRequest).uri).toBe('/apix/posts');
  });

  it('refuses modules the runtime does not offer', async () => {
    const fn = new CloudFrontFunction({
      name: 'bad',
      code: "function handler(e) { require('fs'); return e.request; }",
    });
    await expect(fn.run(event('/'))).rejects.toThrow(/not available to CloudFront Functions/);
  });
});

describe('path patterns', () => {
  it('match as CloudFront does: case-sensitive, * spans slashes, ? one character', () => {
    expect(pathPatternMatcher('api/*').test('/api/posts/x')).toBe(true);
    expect(pathPatternMatcher('api/*').test('/API/posts')).toBe(false);
    expect(pathPatternMatcher('api/*').test('/apix')).toBe(false);
    expect(pathPatternMatcher('/thumbnails/*.webp').test('/thumbnails/a/b.webp')).toBe(true);
    expect(pathPatternMatcher('/a?c').test('/abc')).toBe(true);
    expect(pathPatternMatcher('*').test('/anything')).toBe(true);
  });
});

describe('edge TTL', () => {
  const api = { minTtl: 0, defaultTtl: 0, maxTtl: 86400 };
  const optimized = MANAGED_CACHE_POLICIES['658327ea-f89d-4fab-a63d-7e88639e58f6'] as typeof api;

  it('honours s-maxage over max-age, clamped to min/max', () => {
    expect(edgeTtl(api, 200, { cacheControl: 'public, max-age=60, s-maxage=300' })).toBe(300);
    expect(edgeTtl(api, 200, { cacheControl: 'public, max-age=60' })).toBe(60);
    expect(edgeTtl(api, 200, { cacheControl: 'public, s-maxage=999999' })).toBe(86400);
    expect(edgeTtl(optimized, 200, { cacheControl: 'max-age=0' })).toBe(1);
  });

  it('does not store private/no-store with MinTTL 0, uses MinTTL otherwise', () => {
    expect(edgeTtl(api, 200, { cacheControl: 'private, no-store' })).toBe(0);
    expect(edgeTtl(api, 200, { cacheControl: 'private, no-cache' })).toBe(0);
    expect(edgeTtl(optimized, 200, { cacheControl: 'no-cache' })).toBe(1);
  });

  it('uses DefaultTTL without headers, Expires when given, never caches 401/302, errors 10 s', () => {
    expect(edgeTtl(api, 200, {})).toBe(0);
    expect(edgeTtl(optimized, 200, {})).toBe(86400);
    const now = Date.parse('2026-12-01T00:00:00Z');
    expect(edgeTtl(optimized, 200, { expires: 'Tue, 01 Dec 2026 00:01:40 GMT' }, 10, now)).toBe(100);
    expect(edgeTtl(api, 401, { cacheControl: 'max-age=60' })).toBe(0);
    expect(edgeTtl(api, 302, { cacheControl: 'max-age=60' })).toBe(0);
    expect(edgeTtl(api, 404, {})).toBe(10);
    expect(edgeTtl(api, 404, { cacheControl: 'no-store' })).toBe(0);
  });
});

describe('invalidation and compression', () => {
  it('invalidates exact paths and * prefixes', () => {
    const cache = new EdgeCache();
    const entry = {
      status: 200,
      headers: {},
      body: Buffer.alloc(0),
      storedAt: 0,
      expiresAt: 1,
      encoded: new Map(),
    };
    cache.set('a', '/index.html', entry);
    cache.set('b', '/blog.html', entry);
    cache.set('c', '/_next/static/x.js', entry);
    expect(cache.invalidate(['/index.html'])).toBe(1);
    expect(cache.invalidate(['/_next/*'])).toBe(1);
    expect(cache.size).toBe(1);
    expect(cache.invalidate(['/*'])).toBe(1);
  });

  it('compresses text ≥ 1,000 bytes with the best encoding the policy allows, and weakens the ETag', () => {
    expect(viewerEncoding('gzip, deflate, br', true, true)).toBe('br');
    expect(viewerEncoding('gzip, deflate, br', true, false)).toBe('gzip');
    expect(viewerEncoding('', true, true)).toBe('identity');
    const headers: Record<string, string> = { 'content-type': 'application/json', etag: '"abc"' };
    const body = Buffer.from(JSON.stringify({ items: 'x'.repeat(2000) }));
    const out = compressFor('gzip', 200, headers, body);
    expect(out.length).toBeLessThan(body.length);
    expect(headers).toMatchObject({ 'content-encoding': 'gzip', etag: 'W/"abc"' });
    const small: Record<string, string> = { 'content-type': 'application/json' };
    expect(compressFor('gzip', 200, small, Buffer.from('{}'))).toEqual(Buffer.from('{}'));
    const image: Record<string, string> = { 'content-type': 'image/webp' };
    expect(compressFor('br', 200, image, Buffer.alloc(5000)).length).toBe(5000);
  });
});
