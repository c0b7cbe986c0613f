import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishLocalSite } from '@app/local-stack/web';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { invalidateEdge } from '../support/aws';
import { createUser, type TestUser } from '../support/users';

/**
 * The local edge (CloudFront, built from WebDistribution in serverless.yml) in front of the real
 * local API and S3: one origin, cache rules, origin access control, invalidation and publishing.
 */
const stack = inject('stack');
const edge = stack.webUrl;

async function originRequests(origin: string): Promise<number> {
  const stats = (await (await fetch(`${stack.cloudfrontEndpoint}/_local/stats`)).json()) as {
    originRequests: Record<string, number>;
  };
  return stats.originRequests[origin] ?? 0;
}

let alice: TestUser;
let bob: TestUser;
beforeAll(async () => {
  [alice, bob] = await Promise.all([createUser(stack), createUser(stack)]);
});

describe('edge: the API under /api', () => {
  it('serves a second anonymous GET /api/posts within s-maxage from the cache, with no Lambda invocation', async () => {
    await invalidateEdge(stack, ['/posts*']);
    const before = await originRequests('api');
    const first = await fetch(`${edge}/api/posts?limit=3`);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(first.headers.get('cache-control')).toContain('s-maxage=');
    const second = await fetch(`${edge}/api/posts?limit=3`);
    expect(second.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(await second.json()).toEqual(await first.json());
    expect(await originRequests('api')).toBe(before + 1);
    // Another query string is another cache key.
    expect((await fetch(`${edge}/api/posts?limit=4`)).headers.get('x-cache')).toBe('Miss from cloudfront');
  });

  it('never answers a signed-in request from another token’s (or the anonymous) entry', async () => {
    await invalidateEdge(stack, ['/posts*']);
    await fetch(`${edge}/api/posts?limit=5`); // the anonymous entry
    const asAlice = await fetch(`${edge}/api/posts?limit=5`, {
      headers: { authorization: `Bearer ${alice.accessToken}` },
    });
    expect(asAlice.headers.get('x-cache')).toBe('Miss from cloudfront');
    const asBob = await fetch(`${edge}/api/posts?limit=5`, {
      headers: { authorization: `Bearer ${bob.accessToken}` },
    });
    expect(asBob.headers.get('x-cache')).toBe('Miss from cloudfront');
    const aliceAgain = await fetch(`${edge}/api/posts?limit=5`, {
      headers: { authorization: `Bearer ${alice.accessToken}` },
    });
    expect(aliceAgain.headers.get('x-cache')).toBe('Hit from cloudfront');
  });

  it('passes writes and private reads through, uncached, same-origin (no CORS needed)', async () => {
    const auth = { authorization: `Bearer ${alice.accessToken}`, 'content-type': 'application/json' };
    const created = await fetch(`${edge}/api/todos`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: 'via the edge' }),
    });
    expect(created.status).toBe(201);
    const list1 = await fetch(`${edge}/api/todos`, { headers: auth });
    const list2 = await fetch(`${edge}/api/todos`, { headers: auth });
    expect(list1.status).toBe(200);
    expect(list2.headers.get('x-cache')).toBe('Miss from cloudfront'); // private, no-cache: not stored
    expect((await fetch(`${edge}/api/me`)).status).toBe(401);
  });

  it('compresses JSON for viewers that accept it', async () => {
    const res = await fetch(`${edge}/api/posts?limit=50`, { headers: { 'accept-encoding': 'gzip' } });
    const length = Number(res.headers.get('content-length'));
    // fetch decodes transparently; the header tells what travelled.
    if (length >= 1000 || res.headers.get('content-encoding'))
      expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.status).toBe(200);
  });
});

describe('edge: thumbnails through origin access control', () => {
  it('denies an anonymous S3 GET of a thumbnail; the same object through the edge is 200', async () => {
    const key = `thumbnails/edge-test/${Date.now()}-w320.webp`;
    const lambdaS3 = new S3Client({
      region: stack.region,
      endpoint: stack.s3Endpoint,
      forcePathStyle: true,
      credentials: stack.lambdaCredentials.makeThumbnails,
    });
    await lambdaS3.send(
      new PutObjectCommand({
        Bucket: stack.buckets.media,
        Key: key,
        Body: Buffer.from('RIFF....WEBP'),
        ContentType: 'image/webp',
      }),
    );
    const direct = await fetch(`${stack.s3Endpoint}/${stack.buckets.media}/${key}`);
    expect(direct.status).toBe(403);
    expect(await direct.text()).toContain('AccessDenied');
    const viaEdge = await fetch(`${edge}/${key}`);
    expect(viaEdge.status).toBe(200);
    expect(viaEdge.headers.get('content-type')).toBe('image/webp');
    expect((await fetch(`${edge}/${key}`)).headers.get('x-cache')).toBe('Hit from cloudfront');
    // The distribution may read thumbnails/ only: uploads/ stays private even through the edge.
    expect((await fetch(`${edge}/uploads/x.jpg`)).status).not.toBe(200);
  });
});

describe('edge: a missing page is the app’s 404 page with status 404 (SiteUrlRewriteFunction)', () => {
  let dir: string;
  // A published export in the shape `next build` writes (pages as .html, the 404 page as 404.html);
  // the real app's 404 page is checked in the browser suite, which serves the real export.
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'site-404-'));
    mkdirSync(join(dir, '_next', 'static', 'chunks'), { recursive: true });
    writeFileSync(join(dir, '_next', 'static', 'chunks', 'app-404.js'), 'console.log(404)');
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>home</title>');
    writeFileSync(join(dir, 'blog.html'), '<!doctype html><title>blog</title><h1>Blog</h1>');
    writeFileSync(join(dir, '404.html'), '<!doctype html><title>404</title><h1>Page not found</h1>');
    await publishLocalSite(stack, { apiUrl: `${edge}/api`, mediaPublicUrl: edge }, () => undefined, dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers an unknown page path with 404 and the HTML of 404.html, not S3’s error', async () => {
    for (const path of ['/no-such-page', '/blog/no-such-page/', '/404.html']) {
      const res = await fetch(`${edge}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
      expect(res.headers.get('etag'), path).toBeNull();
      const body = await res.text();
      expect(body, path).toContain('Page not found');
      expect(body, path).not.toContain('NoSuchKey');
    }
  });

  it('still serves the pages, the API’s JSON 404 and a plain S3 404 for a missing file', async () => {
    const blog = await fetch(`${edge}/blog`);
    expect(blog.status).toBe(200);
    expect(await blog.text()).toContain('<h1>Blog</h1>');
    expect((await fetch(`${edge}/`)).status).toBe(200);

    const post = await fetch(`${edge}/api/posts/no-such-post-${Date.now()}`);
    expect(post.status).toBe(404);
    expect(post.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await post.json()) as { error: { code: string } }).error.code).toBeTruthy();

    const chunk = await fetch(`${edge}/_next/static/missing.js`);
    expect(chunk.status).toBe(404);
    expect(chunk.headers.get('content-type') ?? '').not.toMatch(/html/);
    expect(await chunk.text()).not.toContain('Page not found');
  });
});

describe('edge: publishing the site (the code `npm run deploy` runs)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'site-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function build(version: string) {
    const out = join(dir, version);
    mkdirSync(join(out, '_next', 'static', 'chunks'), { recursive: true });
    writeFileSync(
      join(out, '_next', 'static', 'chunks', `app-${version}.js`),
      `console.log(${JSON.stringify(version)})`,
    );
    writeFileSync(
      join(out, 'index.html'),
      `<!doctype html><title>${version}</title><script src="/_next/static/chunks/app-${version}.js"></script>`,
    );
    writeFileSync(join(out, 'blog.html'), `<!doctype html><title>blog ${version}</title>`);
    return out;
  }
  const publish = (version: string) =>
    publishLocalSite(
      stack,
      { apiUrl: `${edge}/api`, mediaPublicUrl: edge, version },
      () => undefined,
      build(version),
    );

  it('serves the new build after a publish, keeps the previous deploy’s chunks, drops older ones', async () => {
    await publish('v1');
    expect(await (await fetch(`${edge}/`)).text()).toContain('<title>v1</title>');
    expect((await fetch(`${edge}/blog`)).headers.get('x-cache')).toBeTruthy();
    const config = (await (await fetch(`${edge}/config.json`)).json()) as Record<string, string>;
    expect(config).toMatchObject({ apiUrl: `${edge}/api`, mediaPublicUrl: edge, version: 'v1' });

    const second = await publish('v2');
    expect(second.invalidated).toEqual(expect.arrayContaining(['/index.html', '/blog.html', '/config.json']));
    const page = await fetch(`${edge}/`);
    expect(await page.text()).toContain('<title>v2</title>');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const chunk = await fetch(`${edge}/_next/static/chunks/app-v2.js`);
    expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // An open tab of v1 still loads its chunk.
    expect((await fetch(`${edge}/_next/static/chunks/app-v1.js`)).status).toBe(200);

    const third = await publish('v3');
    expect(third.keptFromPrevious).toContain('_next/static/chunks/app-v2.js');
    expect(third.deleted).toContain('_next/static/chunks/app-v1.js');
    await invalidateEdge(stack, ['/_next/static/chunks/app-v1.js']);
    expect((await fetch(`${edge}/_next/static/chunks/app-v1.js`)).status).toBe(404);
    expect((await fetch(`${edge}/_next/static/chunks/app-v2.js`)).status).toBe(200);
  });

  it('answers only the methods a behaviour allows', async () => {
    expect((await fetch(`${edge}/index.html`, { method: 'POST' })).status).toBe(403);
  });

  it('refuses a body over 10 MB with 413, without asking the origin', async () => {
    const before = await originRequests('api');
    const res = await fetch(`${edge}/api/todos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.accessToken}`, 'content-type': 'application/json' },
      body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20),
    });
    expect(res.status).toBe(413);
    expect(await originRequests('api')).toBe(before);
  });
});
