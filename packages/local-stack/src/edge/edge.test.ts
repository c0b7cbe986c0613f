import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../paths';
import { EdgeCache, edgeTtl } from './cache';
import { CloudFrontFunction, type FunctionRequest, type FunctionResponse } from './cloudfront-function';
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
const event = (uri: string, eventType = 'viewer-request') => ({
  version: '1.0' as const,
  context: { distributionDomainName: 'x', distributionId: 'E', eventType, requestId: 'r' },
  viewer: { ip: '127.0.0.1' },
  request: request(uri),
});
const responseEvent = (uri: string, statusCode = 200) => ({
  ...event(uri, 'viewer-response'),
  response: {
    statusCode,
    headers: {
      'content-type': { value: 'text/html; charset=utf-8' },
      'cache-control': { value: 'public, max-age=600' },
      etag: { value: '"abc"' },
      'last-modified': { value: 'Tue, 01 Dec 2026 00:00:00 GMT' },
    },
  },
});

/** The routes of the static export: one per `page.tsx` under apps/web/src/app (route groups dropped). */
function exportedPages(): string[] {
  const appDir = join(repoRoot, 'apps', 'web', 'src', 'app');
  const pages = (readdirSync(appDir, { recursive: true }) as string[])
    .map((file) => relative(appDir, join(appDir, file)).split(sep))
    .filter((parts) => parts.at(-1) === 'page.tsx')
    .map((parts) => parts.slice(0, -1).filter((segment) => !/^\(.*\)$/.test(segment)));
  for (const parts of pages)
    if (parts.some((segment) => segment.startsWith('[')))
      throw new Error(`dynamic route /${parts.join('/')}: SiteUrlRewriteFunction lists exact pages only`);
  return pages.map((parts) => `/${parts.join('/')}`).sort();
}

describe('CloudFront Functions from serverless.yml, executed', () => {
  it('site URLs: page paths map to the exported .html files, other paths to 404.html, files pass', async () => {
    const fn = templateFunction('SiteUrlRewriteFunction');
    const uris: Record<string, string> = {
      '/': '/index.html',
      '/blog': '/blog.html',
      '/blog/': '/blog.html',
      '/blog/edit': '/blog/edit.html',
      '/no-such-page': '/404.html',
      '/blog/nope/': '/404.html',
      '/index': '/404.html',
      '/404.html': '/404.html',
      '/_next/static/chunks/a.js': '/_next/static/chunks/a.js',
      '/_next/static/chunks/missing.js': '/_next/static/chunks/missing.js',
      '/config.json': '/config.json',
    };
    for (const [from, to] of Object.entries(uris)) {
      const out = (await fn.run(event(from))) as FunctionRequest;
      expect(out.uri, from).toBe(to);
      expect(out.querystring.slug?.value).toBe('hello');
    }
  });

  it('site URLs: the viewer-response turns a served 404.html into a 404, whichever URI CloudFront shows it', async () => {
    const fn = templateFunction('SiteUrlRewriteFunction');
    // The rewritten URI (what the local edge passes) and the viewer's own: both give a 404.
    for (const uri of ['/404.html', '/no-such-page', '/blog/nope/']) {
      const out = (await fn.run(responseEvent(uri))) as FunctionResponse;
      expect(out.statusCode, uri).toBe(404);
      expect(out.headers?.['cache-control']?.value).toBe('no-cache');
      expect(out.headers?.etag).toBeUndefined();
      expect(out.headers?.['last-modified']).toBeUndefined();
      expect(out.headers?.['content-type']?.value).toBe('text/html; charset=utf-8');
    }
    for (const uri of [
      '/',
      '/index.html',
      '/blog',
      '/blog.html',
      '/blog/edit/',
      '/_next/static/chunks/a.js',
    ]) {
      const out = (await fn.run(responseEvent(uri))) as FunctionResponse;
      expect(out.statusCode, uri).toBe(200);
      expect(out.headers?.etag?.value).toBe('"abc"');
    }
    expect(((await fn.run(responseEvent('/404.html', 304))) as FunctionResponse).statusCode).toBe(304);
  });

  it('site URLs: the function lists exactly the pages of the web app', () => {
    const code = readFileSync(join(repoRoot, 'serverless.yml'), 'utf8');
    const doc = parse(code, { customTags: [], strict: false, logLevel: 'silent' }) as {
      resources: { Resources: { SiteUrlRewriteFunction: { Properties: { FunctionCode: string } } } };
    };
    const source = doc.resources.Resources.SiteUrlRewriteFunction.Properties.FunctionCode;
    const list = /var PAGES = \[([^\]]*)\]/.exec(source)?.[1];
    expect(list, 'var PAGES = [...] in SiteUrlRewriteFunction').toBeDefined();
    const listed = [...(list ?? '').matchAll(/'([^']*)'/g)].map((m) => m[1]).sort();
    expect(listed).toEqual(exportedPages());
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
