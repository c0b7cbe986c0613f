import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiClient } from '../support/api';
import { createUser, type TestUser } from '../support/users';

/**
 * A post change reaches anonymous readers through the edge without waiting for the blog index's
 * s-maxage (300 s): the posts-table stream runs invalidatePostCache, which invalidates the cached
 * public reads at the local edge (CloudFront's CreateInvalidation, as in AWS). Every wait below is
 * a condition (the change visible to an anonymous reader) bounded far below s-maxage.
 */
const stack = inject('stack');
const edge = stack.webUrl;
const WAIT_MS = 30_000;

interface PostList {
  items: { slug: string; title: string }[];
}

async function anonymousIndex(): Promise<{ xCache: string; titles: string[] }> {
  const res = await fetch(`${edge}/api/posts?limit=50`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as PostList;
  return { xCache: res.headers.get('x-cache') ?? '', titles: body.items.map((p) => p.title) };
}

/** Reads the index anonymously until `seen` holds (or the time is up), like a reader reloading. */
async function untilIndex(seen: (titles: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const { titles } = await anonymousIndex();
    if (seen(titles) || Date.now() > deadline) return titles;
    await new Promise((r) => setTimeout(r, 250));
  }
}

let author: TestUser;
beforeAll(async () => {
  author = await createUser(stack, { name: 'Cache Author' });
});

describe('post changes invalidate the cached public reads at the edge', () => {
  it('publish, edit, unpublish and delete each reach an anonymous reader well within s-maxage', async () => {
    const api = apiClient(stack, author.accessToken);
    const title = `Fresh at the edge ${Date.now()}`;

    // An anonymous reader has the index cached at the edge (a second read is a hit).
    await anonymousIndex();
    const cached = await anonymousIndex();
    expect(cached.xCache).toBe('Hit from cloudfront');
    expect(cached.titles).not.toContain(title);

    const created = await api<{ id: string; slug: string; version: number }>('POST', '/posts', {
      body: { title, body: 'Now you see me.', status: 'published' },
    });
    expect(created.status).toBe(201);
    expect(await untilIndex((t) => t.includes(title))).toContain(title);
    // The post page's API read is fresh too.
    const page = await fetch(`${edge}/api/posts/${created.body.slug}`);
    expect(((await page.json()) as { title: string }).title).toBe(title);

    const edited = `${title} (edited)`;
    const patch = await api<{ version: number }>('PATCH', `/posts/${created.body.id}`, {
      body: { title: edited },
      headers: { 'if-match': `"${created.body.version}"` },
    });
    expect(patch.status).toBe(200);
    expect(await untilIndex((t) => t.includes(edited))).toContain(edited);

    const unpublished = await api('PATCH', `/posts/${created.body.id}`, {
      body: { status: 'draft' },
      headers: { 'if-match': `"${patch.body.version}"` },
    });
    expect(unpublished.status).toBe(200);
    expect(await untilIndex((t) => !t.includes(edited))).not.toContain(edited);
    expect((await fetch(`${edge}/api/posts/${created.body.slug}`)).status).toBe(404);

    const second = `Gone soon ${Date.now()}`;
    const other = await api<{ id: string }>('POST', '/posts', {
      body: { title: second, body: 'Briefly here.', status: 'published' },
    });
    expect(await untilIndex((t) => t.includes(second))).toContain(second);
    expect((await api('DELETE', `/posts/${other.body.id}`)).status).toBe(204);
    expect(await untilIndex((t) => !t.includes(second))).not.toContain(second);
  });
});
