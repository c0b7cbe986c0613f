/**
 * Concurrent writers, as a load tester would send them: N conditional PATCHes with the same If-Match
 * → exactly one 200 and N−1 409; concurrent creates with the same title → unique slugs; delete vs
 * update of one item → never a 5xx, and the item ends up deleted.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiClient } from '../support/api';
import { createUser, type TestUser } from '../support/users';
import { type Api, createPost, createTodo, type PostView } from './support/fixtures';
import { Checks } from './support/tally';

const stack = inject('stack');
const api: Api = apiClient(stack);
const N = Number(process.env.HARDENING_RACE_N ?? 20);

let alice: TestUser;

beforeAll(async () => {
  alice = await createUser(stack);
});

function counts(statuses: number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}

describe('races', () => {
  it(`${N} concurrent PATCH /todos/{id} with the same If-Match: one 200, ${N - 1} × 409`, async () => {
    const checks = new Checks('races');
    for (let round = 0; round < 3; round++) {
      const todo = await createTodo(api, alice, `race ${round}`);
      const statuses = await Promise.all(
        Array.from({ length: N }, (_, i) =>
          api('PATCH', `/todos/${todo.id}`, {
            token: alice.accessToken,
            body: { title: `winner ${i}` },
            headers: { 'if-match': `"${todo.version}"` },
          }).then((r) => r.status),
        ),
      );
      await checks.check(`todos round ${round}: ${JSON.stringify(counts(statuses))}`, () => {
        expect(counts(statuses)).toEqual({ 200: 1, 409: N - 1 });
      });
      await checks.check(`todos round ${round}: version advanced by exactly one`, async () => {
        const res = await api<{ version: number }>('GET', `/todos/${todo.id}`, { token: alice.accessToken });
        expect(res.body.version).toBe(todo.version + 1);
      });
    }
    checks.assertAllPassed();
  });

  it(`${N} concurrent PATCH /posts/{id} with the same If-Match: one 200, ${N - 1} × 409`, async () => {
    const checks = new Checks('races');
    const post = await createPost(api, alice, 'draft', 'race post');
    const statuses = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        api('PATCH', `/posts/${post.id}`, {
          token: alice.accessToken,
          body: { title: `winner ${i}` },
          headers: { 'if-match': `"${post.version}"` },
        }).then((r) => r.status),
      ),
    );
    await checks.check(`posts: ${JSON.stringify(counts(statuses))}`, () => {
      expect(counts(statuses)).toEqual({ 200: 1, 409: N - 1 });
    });
    checks.assertAllPassed();
  });

  it(`${N} concurrent POST /posts with one title: ${N} × 201 and ${N} unique slugs`, async () => {
    const checks = new Checks('races');
    const title = `Same title ${Date.now()}`;
    const results = await Promise.all(
      Array.from({ length: N }, () =>
        api<PostView>('POST', '/posts', {
          token: alice.accessToken,
          body: { title, body: '', status: 'published' },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    await checks.check(`creates: ${JSON.stringify(counts(statuses))}`, () => {
      expect(counts(statuses)).toEqual({ 201: N });
    });
    await checks.check('slugs unique', () => {
      const slugs = results.filter((r) => r.status === 201).map((r) => r.body.slug);
      expect(new Set(slugs).size).toBe(slugs.length);
    });
    await checks.check('every slug resolves to its own post', async () => {
      for (const r of results.filter((x) => x.status === 201)) {
        const got = await api<PostView>('GET', `/posts/${r.body.slug}`);
        expect(got.body.id).toBe(r.body.id);
      }
    });
    checks.assertAllPassed();
  });

  it('DELETE vs PATCH of one todo: never a 5xx, and the todo ends up gone', async () => {
    const checks = new Checks('races');
    for (let round = 0; round < 5; round++) {
      const todo = await createTodo(api, alice, `delete race ${round}`);
      const [del, patch] = await Promise.all([
        api('DELETE', `/todos/${todo.id}`, { token: alice.accessToken }),
        api('PATCH', `/todos/${todo.id}`, {
          token: alice.accessToken,
          body: { done: true },
          headers: { 'if-match': `"${todo.version}"` },
        }),
      ]);
      await checks.check(`round ${round}: DELETE ${del.status}, PATCH ${patch.status}`, async () => {
        expect(del.status).toBe(204);
        expect([200, 404, 409]).toContain(patch.status);
        const after = await api('GET', `/todos/${todo.id}`, { token: alice.accessToken });
        expect(after.status).toBe(404);
      });
    }
    for (let round = 0; round < 3; round++) {
      const post = await createPost(api, alice, 'draft', `post delete race ${round}`);
      const [del, patch] = await Promise.all([
        api('DELETE', `/posts/${post.id}`, { token: alice.accessToken }),
        api('PATCH', `/posts/${post.id}`, {
          token: alice.accessToken,
          body: { title: 'x' },
          headers: { 'if-match': `"${post.version}"` },
        }),
      ]);
      await checks.check(`post round ${round}: DELETE ${del.status}, PATCH ${patch.status}`, async () => {
        // The delete may lose to the update (409-free 404 after re-read) but never half-deletes.
        expect([204, 404]).toContain(del.status);
        expect([200, 404, 409]).toContain(patch.status);
        const after = await api('GET', `/posts/${post.slug}`, { token: alice.accessToken });
        expect(after.status).toBe(del.status === 204 ? 404 : 200);
      });
    }
    checks.assertAllPassed();
  });
});
