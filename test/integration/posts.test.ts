import { uploadKey } from '@app/images/s3-keys';
import { GetObjectTaggingCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';
import sharp from 'sharp';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiClient, expectAuthorizerRefusal } from '../support/api';
import { storageClient } from '../support/aws';
import { createUser, type TestUser } from '../support/users';

const stack = inject('stack');
const api = apiClient(stack);

const PUBLIC_CACHE = 'public, max-age=60, s-maxage=300, stale-while-revalidate=86400';
const PRIVATE_NO_STORE = 'private, no-store';

interface Post {
  id: string;
  slug: string;
  authorId: string;
  authorName: string;
  title: string;
  body: string;
  status: 'draft' | 'published';
  coverImage: string | null;
  coverAlt: string;
  thumbnails: { status: string; reason?: string; w320: string | null; w1280: string | null } | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  version: number;
}
interface Page {
  items: Post[];
  nextCursor: string | null;
}
interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

let counter = 0;
/** Titles unique to this run, so slugs from earlier runs on a reused stack do not interfere. */
function title(base: string) {
  return `${base} ${Date.now().toString(36)}${(counter++).toString(36)}`;
}

async function createPost(user: TestUser, input: Record<string, unknown>): Promise<Post> {
  const res = await api<Post>('POST', '/posts', {
    token: user.accessToken,
    body: { body: 'Some *markdown*.', ...input },
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

async function patchPost(user: TestUser, post: Post, patch: Record<string, unknown>) {
  return api<Post & ErrorBody>('PATCH', `/posts/${post.id}`, {
    token: user.accessToken,
    body: patch,
    headers: { 'if-match': `"${post.version}"` },
  });
}

async function myPosts(user: TestUser, query = ''): Promise<Page> {
  const res = await api<Page>('GET', `/me/posts${query}`, { token: user.accessToken });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function allPages(path: string, token?: string): Promise<Post[]> {
  const items: Post[] = [];
  let cursor: string | null = null;
  do {
    const sep: string = path.includes('?') ? '&' : '?';
    const res: { status: number; body: Page; text: string } = await api<Page>(
      'GET',
      cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path,
      { token },
    );
    expect(res.status, res.text).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

/** The raw storage behind the checking S3 gateway, to see what is stored (nobody may read thumbnails from S3). */
const storage = storageClient(stack);

function identityS3(user: TestUser) {
  const credentials = fromCognitoIdentityPool({
    identityPoolId: stack.identityPoolId,
    logins: { [`cognito-idp.${stack.region}.amazonaws.com/${stack.userPoolId}`]: user.idToken },
    clientConfig: { region: stack.region, endpoint: stack.cognitoIdentityEndpoint },
  });
  const s3 = new S3Client({
    region: stack.region,
    endpoint: stack.s3Endpoint,
    forcePathStyle: true,
    credentials,
  });
  return { s3 };
}

/** HEAD of a media-bucket object in the raw storage: 200, or the error status (404 when absent). */
function storedStatus(key: string): Promise<number | undefined> {
  return storage.send(new HeadObjectCommand({ Bucket: stack.buckets.media, Key: key })).then(
    () => 200,
    (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode,
  );
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('posts API', () => {
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([
      createUser(stack, { name: 'Alice' }),
      createUser(stack, { name: 'Bob' }),
    ]);
  });

  describe('POST /posts', () => {
    it('401 without a token', async () => {
      expectAuthorizerRefusal(
        await api('POST', '/posts', { body: { title: 'x', body: '', status: 'draft' } }),
      );
    });

    it('201 with the post, a readable slug and the author name from the profile', async () => {
      const rename = await api('PATCH', '/me', {
        token: alice.accessToken,
        body: { displayName: 'Ada Writer' },
      });
      expect(rename.status, rename.text).toBe(200);
      const t = title('Crème brûlée: a love story!');
      const res = await api<Post>('POST', '/posts', {
        token: alice.accessToken,
        body: { title: `  ${t}  `, body: '# Hello\n\n<script>alert(1)</script>', status: 'published' },
      });
      expect(res.status, res.text).toBe(201);
      const post = res.body;
      expect(post).toMatchObject({
        authorId: alice.userId,
        authorName: 'Ada Writer',
        title: t,
        body: '# Hello\n\n<script>alert(1)</script>',
        status: 'published',
        coverImage: null,
        coverAlt: '',
        thumbnails: null,
        version: 1,
      });
      expect(post.id).toMatch(/^[0-9A-Z]{26}$/);
      expect(post.slug).toMatch(/^creme-brulee-a-love-story-[a-z0-9]+$/);
      expect(post.createdAt).toBe(post.updatedAt);
      expect(post.publishedAt).toBe(post.createdAt);
      expect(res.headers.get('location')).toBe(`/posts/${post.slug}`);
      expect(Object.keys(post).sort()).toEqual(
        [
          'id',
          'slug',
          'authorId',
          'authorName',
          'title',
          'body',
          'status',
          'coverImage',
          'coverAlt',
          'thumbnails',
          'createdAt',
          'updatedAt',
          'publishedAt',
          'version',
        ].sort(),
      );

      // The author name is read when served: a rename shows on existing posts.
      await api('PATCH', '/me', { token: alice.accessToken, body: { displayName: 'Ada L.' } });
      const again = await api<Post>('GET', `/posts/${post.slug}`);
      expect(again.body.authorName).toBe('Ada L.');
    });

    it('gives two posts with the same title different slugs', async () => {
      const t = title('Same title');
      const first = await createPost(alice, { title: t, status: 'published' });
      const second = await createPost(bob, { title: t, status: 'published' });
      const third = await createPost(alice, { title: t, status: 'draft' });
      expect(new Set([first.slug, second.slug, third.slug]).size).toBe(3);
      expect(second.slug).toBe(`${first.slug}-2`);
      expect(third.slug).toBe(`${first.slug}-3`);
      for (const post of [first, second]) {
        const res = await api<Post>('GET', `/posts/${post.slug}`);
        expect(res.body.id).toBe(post.id);
      }
    });

    it('gives concurrent posts with the same title distinct slugs', async () => {
      const t = title('Race');
      const posts = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          createPost(i % 2 ? bob : alice, { title: t, status: 'published' }),
        ),
      );
      expect(new Set(posts.map((p) => p.slug)).size).toBe(5);
      for (const post of posts) expect((await api<Post>('GET', `/posts/${post.slug}`)).body.id).toBe(post.id);
    });

    it('stores a body of exactly 100,000 characters and nothing longer', async () => {
      const long = 'é'.repeat(100_000);
      const ok = await api<Post>('POST', '/posts', {
        token: alice.accessToken,
        body: { title: title('Long'), body: long, status: 'draft' },
      });
      expect(ok.status, ok.text.slice(0, 200)).toBe(201);
      expect(ok.body.body).toBe(long);
      const tooLong = await api<ErrorBody>('POST', '/posts', {
        token: alice.accessToken,
        body: { title: title('Too long'), body: `${long}x`, status: 'draft' },
      });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.error.code).toBe('validation_failed');
    });

    it('413 for a request body far over the limit', async () => {
      const res = await api<ErrorBody>('POST', '/posts', {
        token: alice.accessToken,
        body: { title: 'Huge', body: 'x'.repeat(1_000_000), status: 'draft' },
      });
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('payload_too_large');
    });

    it.each([
      ['an empty title', { title: '   ', body: '', status: 'draft' }, 'validation_failed', 'title'],
      ['a missing title', { body: '', status: 'draft' }, 'validation_failed', 'title'],
      [
        'a title over 200 chars',
        { title: 'x'.repeat(201), body: '', status: 'draft' },
        'validation_failed',
        'title',
      ],
      ['a bad status', { title: 'T', body: '', status: 'live' }, 'validation_failed', 'status'],
      ['an unknown field', { title: 'T', body: '', status: 'draft', slug: 'mine' }, 'validation_failed', ''],
      ['a non-string body', { title: 'T', body: 42, status: 'draft' }, 'validation_failed', 'body'],
      [
        'a cover outside uploads/',
        { title: 'T', body: '', status: 'draft', coverImage: 'thumbnails/x/y.webp' },
        'validation_failed',
        'coverImage',
      ],
      [
        'a cover with ..',
        { title: 'T', body: '', status: 'draft', coverImage: 'uploads/a/../b/c.jpg' },
        'validation_failed',
        'coverImage',
      ],
    ])('400 for %s, and nothing stored', async (_what, body, code, path) => {
      const before = (await myPosts(alice, '?limit=100')).items.length;
      const res = await api<ErrorBody>('POST', '/posts', { token: alice.accessToken, body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message).not.toBe('');
      if (path) expect(JSON.stringify(res.body.error.details)).toContain(`"path":"${path}"`);
      expect((await myPosts(alice, '?limit=100')).items.length).toBe(before);
    });

    it('400 invalid_json for malformed JSON', async () => {
      const res = await api<ErrorBody>('POST', '/posts', {
        token: alice.accessToken,
        rawBody: '{"title": "x",',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_json');
    });
  });

  describe('drafts', () => {
    let draft: Post;
    beforeAll(async () => {
      draft = await createPost(alice, { title: title('Secret draft'), status: 'draft' });
    });

    it('has no publishedAt and is in the author’s /me/posts', async () => {
      expect(draft.publishedAt).toBeNull();
      const mine = await myPosts(alice);
      expect(mine.items.map((p) => p.id)).toContain(draft.id);
    });

    it('is 404 to anonymous and to another user, on GET and in lists', async () => {
      for (const token of [undefined, bob.accessToken]) {
        const res = await api<ErrorBody>('GET', `/posts/${draft.slug}`, { token });
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('not_found');
      }
      const bobs = await myPosts(bob, '?limit=100');
      expect(bobs.items.map((p) => p.id)).not.toContain(draft.id);
      const published = await api<Page>('GET', '/posts?limit=100');
      expect(published.body.items.map((p) => p.id)).not.toContain(draft.id);
      expect(published.body.items.every((p) => p.status === 'published')).toBe(true);
    });

    it('is served to its author with private, no-store', async () => {
      const res = await api<Post>('GET', `/posts/${draft.slug}`, { token: alice.accessToken });
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(draft.id);
      expect(res.headers.get('cache-control')).toBe(PRIVATE_NO_STORE);
    });

    it('/me/posts is 401 anonymous and private, no-store', async () => {
      expect((await api('GET', '/me/posts')).status).toBe(401);
      const res = await api('GET', '/me/posts', { token: alice.accessToken });
      expect(res.headers.get('cache-control')).toBe(PRIVATE_NO_STORE);
    });

    it('a bad token on the optional-auth route is 401, not anonymous', async () => {
      // No authorizer on this route (it would refuse anonymous readers): the function verifies the token.
      const res = await api('GET', `/posts/${draft.slug}`, { token: 'not-a-jwt' });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
    });
  });

  describe('published posts are public and cacheable', () => {
    let post: Post;
    beforeAll(async () => {
      post = await createPost(alice, { title: title('Public post'), status: 'published' });
    });

    it.each([
      ['anonymous', () => undefined],
      ['the author', () => alice.accessToken],
      ['another user', () => bob.accessToken],
    ])('GET /posts/{slug} → 200 to %s with the public cache headers and an ETag', async (_who, token) => {
      const res = await api<Post>('GET', `/posts/${post.slug}`, { token: token() });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: post.id, status: 'published', authorName: expect.any(String) });
      expect(res.headers.get('cache-control')).toBe(PUBLIC_CACHE);
      expect(res.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    });

    it('If-None-Match with the ETag → 304 (still with the cache headers)', async () => {
      const first = await api('GET', `/posts/${post.slug}`);
      const etag = first.headers.get('etag') as string;
      const res = await api('GET', `/posts/${post.slug}`, { headers: { 'if-none-match': etag } });
      expect(res.status).toBe(304);
      expect(res.text).toBe('');
      expect(res.headers.get('cache-control')).toBe(PUBLIC_CACHE);
    });

    it('GET /posts → public cache headers, ETag and 304', async () => {
      const first = await api<Page>('GET', '/posts');
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe(PUBLIC_CACHE);
      const etag = first.headers.get('etag') as string;
      expect(etag).toMatch(/^"[\w-]+"$/);
      const second = await api('GET', '/posts', { headers: { 'if-none-match': etag } });
      expect(second.status).toBe(304);
      expect(second.headers.get('cache-control')).toBe(PUBLIC_CACHE);
      // Signed-in readers get the very same public list.
      for (const user of [alice, bob]) {
        const res = await api('GET', '/posts', { token: user.accessToken });
        expect(res.headers.get('etag')).toBe(etag);
        expect(res.headers.get('cache-control')).toBe(PUBLIC_CACHE);
      }
      // A new post changes the list, so the old ETag no longer matches.
      await createPost(bob, { title: title('Newer'), status: 'published' });
      const third = await api('GET', '/posts', { headers: { 'if-none-match': etag } });
      expect(third.status).toBe(200);
    });

    it('404 for unknown and malformed slugs', async () => {
      for (const slug of ['no-such-post-anywhere', 'UPPER', '%20', 'a--b']) {
        expect((await api('GET', `/posts/${slug}`)).status).toBe(404);
      }
    });
  });

  describe('PATCH /posts/{id}', () => {
    it('updates with If-Match, bumps the version and keeps the slug after a title change', async () => {
      const post = await createPost(alice, { title: title('Original title'), status: 'draft' });
      const res = await patchPost(alice, post, { title: 'A completely new title', body: 'new body' });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({
        id: post.id,
        slug: post.slug,
        title: 'A completely new title',
        body: 'new body',
        status: 'draft',
        version: 2,
        createdAt: post.createdAt,
        publishedAt: null,
      });
      expect(res.body.updatedAt > post.updatedAt).toBe(true);
      const got = await api<Post>('GET', `/posts/${post.slug}`, { token: alice.accessToken });
      expect(got.body.title).toBe('A completely new title');
      expect((await api('GET', '/posts/a-completely-new-title')).status).toBe(404);
    });

    it('publishing sets publishedAt once; unpublishing hides it; republishing keeps the first date', async () => {
      const draft = await createPost(alice, { title: title('To publish'), status: 'draft' });
      const published = (await patchPost(alice, draft, { status: 'published' })).body;
      expect(published.status).toBe('published');
      expect(published.publishedAt).toBe(published.updatedAt);
      expect((await api('GET', `/posts/${draft.slug}`)).status).toBe(200);

      const edited = (await patchPost(alice, published, { body: 'edited' })).body;
      expect(edited.publishedAt).toBe(published.publishedAt);

      const unpublished = (await patchPost(alice, edited, { status: 'draft' })).body;
      expect(unpublished.status).toBe('draft');
      expect((await api('GET', `/posts/${draft.slug}`)).status).toBe(404);
      const list = await api<Page>('GET', '/posts?limit=100');
      expect(list.body.items.map((p) => p.id)).not.toContain(draft.id);

      const republished = (await patchPost(alice, unpublished, { status: 'published' })).body;
      expect(republished.publishedAt).toBe(published.publishedAt);
      expect(republished.version).toBe(5);
    });

    it('409 for a stale version, and the post is unchanged', async () => {
      const post = await createPost(alice, { title: title('Versioned'), status: 'draft' });
      expect((await patchPost(alice, post, { body: 'first edit' })).status).toBe(200);
      const stale = await patchPost(alice, post, { body: 'lost update' });
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('version_conflict');
      const got = await api<Post>('GET', `/posts/${post.slug}`, { token: alice.accessToken });
      expect(got.body).toMatchObject({ body: 'first edit', version: 2 });
    });

    it('two concurrent edits of the same version: one wins, the other gets 409', async () => {
      const post = await createPost(alice, { title: title('Contended'), status: 'draft' });
      const results = await Promise.all([
        patchPost(alice, post, { body: 'one' }),
        patchPost(alice, post, { body: 'two' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)?.body as Post;
      const got = await api<Post>('GET', `/posts/${post.slug}`, { token: alice.accessToken });
      expect(got.body).toMatchObject({ body: winner.body, version: 2 });
    });

    it('403 for a non-author of a published post; 404 for a non-author of a draft; 401 anonymous', async () => {
      const published = await createPost(alice, { title: title('Alice published'), status: 'published' });
      const draft = await createPost(alice, { title: title('Alice draft'), status: 'draft' });
      const forbidden = await patchPost(bob, published, { title: 'Hijacked' });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.error.code).toBe('forbidden');
      const hidden = await patchPost(bob, draft, { title: 'Hijacked' });
      expect(hidden.status).toBe(404);
      expect(hidden.body.error.code).toBe('not_found');
      const anonymous = await api('PATCH', `/posts/${published.id}`, {
        body: { title: 'Hijacked' },
        headers: { 'if-match': '"1"' },
      });
      expect(anonymous.status).toBe(401);
      const got = await api<Post>('GET', `/posts/${published.slug}`);
      expect(got.body.title).toBe(published.title);
    });

    it.each([
      ['no If-Match', undefined, { title: 'x' }, 'if_match_required'],
      ['a malformed If-Match', 'abc', { title: 'x' }, 'invalid_if_match'],
      ['an empty title', '"1"', { title: '' }, 'validation_failed'],
      ['a bad status', '"1"', { status: 'archived' }, 'validation_failed'],
      ['an unknown field', '"1"', { authorId: 'someone-else' }, 'validation_failed'],
      ['an empty patch', '"1"', {}, 'validation_failed'],
    ])('400 for %s', async (_what, ifMatch, body, code) => {
      const post = await createPost(alice, { title: title('Patch target'), status: 'draft' });
      const res = await api<ErrorBody>('PATCH', `/posts/${post.id}`, {
        token: alice.accessToken,
        body,
        headers: ifMatch ? { 'if-match': ifMatch } : {},
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(code);
    });

    it('400 invalid_json for malformed JSON; 404 for an unknown id', async () => {
      const post = await createPost(alice, { title: title('Json target'), status: 'draft' });
      const bad = await api<ErrorBody>('PATCH', `/posts/${post.id}`, {
        token: alice.accessToken,
        rawBody: '{oops',
        headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('invalid_json');
      for (const id of ['01ARZ3NDEKTSV4RRFFQ69G5FAV', 'not-an-id']) {
        const res = await api('PATCH', `/posts/${id}`, {
          token: alice.accessToken,
          body: { title: 'x' },
          headers: { 'if-match': '"1"' },
        });
        expect(res.status).toBe(404);
      }
    });
  });

  describe('pagination', () => {
    it('/me/posts pages newest first with no duplicates, drafts included', async () => {
      const carol = await createUser(stack);
      const created: Post[] = [];
      for (let i = 0; i < 5; i++) {
        created.push(
          await createPost(carol, { title: title(`Carol ${i}`), status: i % 2 ? 'draft' : 'published' }),
        );
      }
      const first = await myPosts(carol, '?limit=2');
      expect(first.items).toHaveLength(2);
      expect(first.nextCursor).toEqual(expect.any(String));
      const all = await allPages('/me/posts?limit=2', carol.accessToken);
      expect(all.map((p) => p.id)).toEqual(created.map((p) => p.id).reverse());
      // The last page carries no cursor (5 items, pages of 5: one page, no empty follow-up).
      const exact = await myPosts(carol, '?limit=5');
      expect(exact.items).toHaveLength(5);
      expect(exact.nextCursor).toBeNull();
    });

    it('/posts pages newest published first with no duplicates', async () => {
      const dave = await createUser(stack);
      const created: Post[] = [];
      for (let i = 0; i < 5; i++)
        created.push(await createPost(dave, { title: title(`Dave ${i}`), status: 'published' }));
      const ids = new Set(created.map((p) => p.id));
      const seen: Post[] = [];
      let cursor: string | null = null;
      // These are the newest published posts, so they fill the first pages.
      while (seen.filter((p) => ids.has(p.id)).length < created.length) {
        const res: { status: number; body: Page } = await api<Page>(
          'GET',
          `/posts?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
        if (!cursor) break;
      }
      expect(seen.map((p) => p.id).slice(0, 5)).toEqual(created.map((p) => p.id).reverse());
      expect(new Set(seen.map((p) => p.id)).size).toBe(seen.length);
      const dates = seen.map((p) => p.publishedAt as string);
      expect([...dates].sort().reverse()).toEqual(dates);
    });

    it.each([
      ['a forged cursor', '/posts?cursor=Zm9yZ2Vk', 'invalid_cursor'],
      [
        'a cursor of JSON with a raw key',
        `/posts?cursor=${Buffer.from('{"pk":"POST#x"}').toString('base64url')}`,
        'invalid_cursor',
      ],
      ['an empty cursor', '/posts?cursor=', 'invalid_cursor'],
      ['limit=0', '/posts?limit=0', 'validation_failed'],
      ['limit=101', '/posts?limit=101', 'validation_failed'],
      ['limit=abc', '/posts?limit=abc', 'validation_failed'],
    ])('400 for %s', async (_what, path, code) => {
      const res = await api<ErrorBody>('GET', path);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(code);
    });

    it('a /posts cursor is not accepted by /me/posts, and a forged one neither', async () => {
      await createPost(alice, { title: title('Filler'), status: 'published' });
      await createPost(alice, { title: title('Filler'), status: 'published' });
      const page = await api<Page>('GET', '/posts?limit=1');
      const cursor = page.body.nextCursor as string;
      expect(cursor).toEqual(expect.any(String));
      for (const c of [cursor, `${cursor}x`, 'AAAA']) {
        const res = await api<ErrorBody>('GET', `/me/posts?cursor=${encodeURIComponent(c)}`, {
          token: alice.accessToken,
        });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('invalid_cursor');
      }
    });
  });

  describe('DELETE /posts/{id}', () => {
    it('401 anonymous, 403 a non-author of a published post, 404 a non-author of a draft', async () => {
      const published = await createPost(alice, { title: title('Keep me'), status: 'published' });
      const draft = await createPost(alice, { title: title('Keep me too'), status: 'draft' });
      expect((await api('DELETE', `/posts/${published.id}`)).status).toBe(401);
      const forbidden = await api<ErrorBody>('DELETE', `/posts/${published.id}`, { token: bob.accessToken });
      expect(forbidden.status).toBe(403);
      const hidden = await api<ErrorBody>('DELETE', `/posts/${draft.id}`, { token: bob.accessToken });
      expect(hidden.status).toBe(404);
      expect((await api('GET', `/posts/${published.slug}`)).status).toBe(200);
      expect((await api('GET', `/posts/${draft.slug}`, { token: alice.accessToken })).status).toBe(200);
    });

    it('204; then the post, its slug and its id are gone, and the slug is free again', async () => {
      const t = title('Short lived');
      const post = await createPost(alice, { title: t, status: 'published' });
      const res = await api('DELETE', `/posts/${post.id}`, { token: alice.accessToken });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect((await api('GET', `/posts/${post.slug}`)).status).toBe(404);
      expect((await api('GET', `/posts/${post.slug}`, { token: alice.accessToken })).status).toBe(404);
      expect((await patchPost(alice, post, { title: 'ghost' })).status).toBe(404);
      expect((await api('DELETE', `/posts/${post.id}`, { token: alice.accessToken })).status).toBe(404);
      expect((await myPosts(alice, '?limit=100')).items.map((p) => p.id)).not.toContain(post.id);
      const reborn = await createPost(alice, { title: t, status: 'draft' });
      expect(reborn.slug).toBe(post.slug);
    });
  });

  describe('cover image', () => {
    let s3: S3Client;
    let coverKey: string;

    beforeAll(async () => {
      s3 = identityS3(alice).s3;
      coverKey = uploadKey(alice.userId, `cover-${Date.now()}.jpg`);
      const jpeg = await sharp({
        create: { width: 800, height: 600, channels: 3, background: { r: 20, g: 120, b: 200 } },
      })
        .jpeg()
        .toBuffer();
      await s3.send(
        new PutObjectCommand({
          Bucket: stack.buckets.media,
          Key: coverKey,
          Body: jpeg,
          ContentType: 'image/jpeg',
        }),
      );
    });

    it('shows thumbnails pending then ready; another user cannot use the upload; delete removes the files', async () => {
      const post = await createPost(alice, {
        title: title('With cover'),
        status: 'published',
        coverImage: coverKey,
      });
      expect(post.coverImage).toBe(coverKey);
      expect(['pending', 'ready']).toContain(post.thumbnails?.status);

      const ready = await waitFor('thumbnails ready', async () => {
        const res = await api<Post>('GET', `/posts/${post.slug}`);
        return res.body.thumbnails?.status === 'ready' ? res.body : undefined;
      });
      const name = coverKey.slice('uploads/'.length);
      expect(ready.thumbnails).toEqual({
        status: 'ready',
        w320: `thumbnails/${name}-w320.webp`,
        w1280: `thumbnails/${name}-w1280.webp`,
      });
      const listed = (await myPosts(alice)).items.find((p) => p.id === post.id);
      expect(listed?.thumbnails?.status).toBe('ready');
      const thumbUrl = `${stack.mediaPublicUrl}/${ready.thumbnails?.w320}`;
      expect((await fetch(thumbUrl)).status).toBe(200);

      // Bob cannot point a post (or the status route) at Alice's uploads.
      const stolen = await api<ErrorBody>('POST', '/posts', {
        token: bob.accessToken,
        body: { title: 'Stolen', body: '', status: 'draft', coverImage: coverKey },
      });
      expect(stolen.status).toBe(403);
      const bobPost = await createPost(bob, { title: title('Bob plain'), status: 'draft' });
      expect((await patchPost(bob, bobPost, { coverImage: coverKey })).status).toBe(403);
      const status = await api('GET', `/media/status?key=${encodeURIComponent(coverKey)}`, {
        token: bob.accessToken,
      });
      expect(status.status).toBe(404);

      const removed = await api('DELETE', `/posts/${post.id}`, { token: alice.accessToken });
      expect(removed.status).toBe(204);
      // The files follow from the posts stream (syncPostMedia): gone from the bucket shortly after
      // (the edge, like CloudFront, may serve its cached copy until it expires), then the status.
      const thumbnails = [String(ready.thumbnails?.w320), String(ready.thumbnails?.w1280)];
      const statusOf = async () =>
        (
          await api<{ status: string }>('GET', `/media/status?key=${encodeURIComponent(coverKey)}`, {
            token: alice.accessToken,
          })
        ).body.status;
      await waitFor('the cover files and status deleted', async () =>
        (await Promise.all(thumbnails.map(storedStatus))).every((s) => s === 404) &&
        (await statusOf()) === 'pending'
          ? true
          : undefined,
      );
      for (const thumbnail of thumbnails) expect(await storedStatus(thumbnail), thumbnail).toBe(404);
      const head = await s3.send(new HeadObjectCommand({ Bucket: stack.buckets.media, Key: coverKey })).then(
        () => 200,
        (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode,
      );
      expect(head).toBe(404);
      expect(await statusOf()).toBe('pending');
    });

    // Regression (issue 11, cross-user image takeover): Bob put Alice's fresh upload key into his
    // post before she used it ("first use claims the identity id"); Alice then lost her upload and
    // its status, and deleting Bob's post deleted her image.
    it('cannot be claimed by another user before its owner uses it', async () => {
      const key = uploadKey(alice.userId, `fresh-${Date.now()}.jpg`);
      const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: 'red' } })
        .jpeg()
        .toBuffer();
      await s3.send(new PutObjectCommand({ Bucket: stack.buckets.media, Key: key, Body: jpeg }));
      const first = await api<ErrorBody>('POST', '/posts', {
        token: bob.accessToken,
        body: { title: title('Takeover'), body: '', status: 'draft', coverImage: key },
      });
      expect(first.status).toBe(403);
      expect(first.body.error.code).toBe('forbidden');
      const bobPost = await createPost(bob, { title: title('Bob other'), status: 'draft' });
      expect((await patchPost(bob, bobPost, { coverImage: key })).status).toBe(403);

      const alicePost = await createPost(alice, { title: title('Mine'), status: 'draft', coverImage: key });
      expect(alicePost.coverImage).toBe(key);
      const status = await api('GET', `/media/status?key=${encodeURIComponent(key)}`, {
        token: alice.accessToken,
      });
      expect(status.status).toBe(200);

      expect((await api('DELETE', `/posts/${bobPost.id}`, { token: bob.accessToken })).status).toBe(204);
      const head = await s3.send(new HeadObjectCommand({ Bucket: stack.buckets.media, Key: key }));
      expect(head.$metadata.httpStatusCode).toBe(200);
    });

    it('keeps the files while another post of the author still uses them', async () => {
      const key = uploadKey(alice.userId, `shared-${Date.now()}.png`);
      const png = await sharp({ create: { width: 400, height: 400, channels: 3, background: 'white' } })
        .png()
        .toBuffer();
      await s3.send(
        new PutObjectCommand({ Bucket: stack.buckets.media, Key: key, Body: png, ContentType: 'image/png' }),
      );
      const one = await createPost(alice, { title: title('Shared 1'), status: 'draft', coverImage: key });
      const two = await createPost(alice, { title: title('Shared 2'), status: 'draft', coverImage: key });
      await waitFor('thumbnails ready', async () => {
        const res = await api<Post>('GET', `/posts/${two.slug}`, { token: alice.accessToken });
        return res.body.thumbnails?.status === 'ready' ? true : undefined;
      });
      // A marker post with a cover of its own, deleted after `one`: the local posts stream has one
      // shard and syncPostMedia handles its records in order, so once the marker's cover is gone,
      // `one`'s removal has been handled too (and must have kept the shared files).
      const markerKey = uploadKey(alice.userId, `marker-${Date.now()}.png`);
      await s3.send(
        new PutObjectCommand({
          Bucket: stack.buckets.media,
          Key: markerKey,
          Body: png,
          ContentType: 'image/png',
        }),
      );
      const marker = await createPost(alice, {
        title: title('Marker'),
        status: 'draft',
        coverImage: markerKey,
      });
      expect((await api('DELETE', `/posts/${one.id}`, { token: alice.accessToken })).status).toBe(204);
      expect((await api('DELETE', `/posts/${marker.id}`, { token: alice.accessToken })).status).toBe(204);
      await waitFor('the marker cover deleted', async () =>
        (await storedStatus(markerKey)) === 404 ? true : undefined,
      );
      expect(await storedStatus(key)).toBe(200);
      const res = await api<Post>('GET', `/posts/${two.slug}`, { token: alice.accessToken });
      expect(res.body.thumbnails?.status).toBe('ready');
      expect((await fetch(`${stack.mediaPublicUrl}/${res.body.thumbnails?.w320}`)).status).toBe(200);
    });

    // The media bucket's lifecycle rule expires uploads tagged post=none (serverless.yml); S3 runs
    // it in AWS, so this checks the tags the rule reads.
    it('tags an upload no post uses post=none, and post=used once a post takes it as its cover', async () => {
      const key = uploadKey(alice.userId, `unused-${Date.now()}.jpg`);
      const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: 'gray' } })
        .jpeg()
        .toBuffer();
      await s3.send(new PutObjectCommand({ Bucket: stack.buckets.media, Key: key, Body: jpeg }));
      const tagOf = async () => {
        const { TagSet } = await storage.send(
          new GetObjectTaggingCommand({ Bucket: stack.buckets.media, Key: key }),
        );
        return TagSet?.find((t) => t.Key === 'post')?.Value;
      };
      expect(
        await waitFor('tagged post=none', async () => ((await tagOf()) === 'none' ? true : undefined)),
      ).toBe(true);
      await createPost(alice, { title: title('Takes the upload'), status: 'draft', coverImage: key });
      // Tagged from the posts stream (syncPostMedia), shortly after the post is saved.
      await waitFor('tagged post=used', async () => ((await tagOf()) === 'used' ? true : undefined));
      expect(await tagOf()).toBe('used');
    });
  });
});
