/**
 * Every route of serverless.yml × every kind of token × {ID token, access token}: what SPEC §4
 * says — 401 for anything but a genuine, unexpired token of this pool; another user's token sees
 * nothing of the owner's (404, or 403 for a published post); the owner gets a 2xx. Public routes
 * ignore tokens (GET /posts/{slug} verifies an optional one: a bad token is 401 there too).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiClient, expectAuthorizerRefusal } from '../support/api';
import { createUser, type TestUser } from '../support/users';
import {
  type Api,
  createPost,
  createTodo,
  inBatches,
  type PostView,
  type Route,
  routesFromTemplate,
} from './support/fixtures';
import { Checks, expectErrorShape } from './support/tally';
import { BAD_KINDS, stackSigningKey, type TokenKind, tokenVariants } from './support/tokens';

const stack = inject('stack');
const api: Api = apiClient(stack);

interface Target {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** A token to send instead of the variant's (DELETE /me deletes whoever calls it). */
  ownToken?: string;
  /** Expected status for another user's token, and for the owner's. */
  other: number[];
  owner: number[];
}

let alice: TestUser;
let bob: TestUser;
let draft: PostView;
let published: PostView;

/** What each route is called with: a resource of Alice's, so another user's token must not reach it. */
async function targetFor(route: Route, forOwner: boolean, tokenType: 'access' | 'id'): Promise<Target> {
  const key = `${route.method} ${route.path}`;
  // Owner DELETEs need something of their own to delete each time.
  const freshTodo = forOwner && route.method === 'DELETE' ? await createTodo(api, alice) : undefined;
  const freshPost = forOwner && route.method === 'DELETE' ? await createPost(api, alice, 'draft') : undefined;
  const todo =
    freshTodo ??
    (route.path.startsWith('/todos/') ? await createTodo(api, alice, 'matrix target') : undefined);
  const todoId = todo?.id ?? 'none';
  const todoVersion = todo?.version ?? 1;
  switch (key) {
    case 'GET /health':
      return { path: '/health', other: [200], owner: [200] };
    case 'DELETE /me': {
      // Whoever calls it deletes their own account: owner and other-user kinds each get a fresh
      // account (Alice and Bob must survive the rest of the matrix).
      const victim = await createUser(stack);
      return {
        path: '/me',
        ownToken: tokenType === 'access' ? victim.accessToken : victim.idToken,
        other: [204],
        owner: [204],
      };
    }
    case 'GET /me':
      return { path: '/me', other: [200], owner: [200] };
    case 'PATCH /me':
      return { path: '/me', body: { displayName: 'Matrix' }, other: [200], owner: [200] };
    case 'POST /todos':
      return { path: '/todos', body: { title: 'matrix' }, other: [201], owner: [201] };
    case 'GET /todos':
      return { path: '/todos?status=all', other: [200], owner: [200] };
    case 'GET /todos/{id}':
      return { path: `/todos/${todoId}`, other: [404], owner: [200] };
    case 'PATCH /todos/{id}':
      return {
        path: `/todos/${todoId}`,
        body: { title: 'patched' },
        headers: { 'if-match': `"${todoVersion}"` },
        other: [404],
        owner: [200],
      };
    case 'DELETE /todos/{id}':
      return { path: `/todos/${todoId}`, other: [404], owner: [204] };
    case 'DELETE /todos':
      return { path: '/todos?status=done', other: [200], owner: [200] };
    case 'GET /posts':
      return { path: '/posts', other: [200], owner: [200] };
    case 'GET /posts/{slug}':
      return { path: `/posts/${draft.slug}`, other: [404], owner: [200] };
    case 'GET /me/posts':
      return { path: '/me/posts', other: [200], owner: [200] };
    case 'POST /posts':
      return {
        path: '/posts',
        body: { title: 'matrix', body: '', status: 'draft' },
        other: [201],
        owner: [201],
      };
    case 'PATCH /posts/{id}': {
      const post = forOwner ? await createPost(api, alice, 'published') : published;
      return {
        path: `/posts/${post.id}`,
        body: { title: 'patched' },
        headers: { 'if-match': `"${post.version}"` },
        other: [403],
        owner: [200],
      };
    }
    case 'DELETE /posts/{id}':
      return { path: `/posts/${(freshPost ?? draft).id}`, other: [404], owner: [204] };
    case 'GET /media/status':
      return {
        path: `/media/status?key=${encodeURIComponent(`uploads/${alice.userId}/photo.jpg`)}`,
        other: [404],
        owner: [200],
      };
    default:
      throw new Error(`no matrix target for ${key}: add one (a new route must be in the matrix)`);
  }
}

function expectedStatus(route: Route, kind: TokenKind, target: Target): number[] {
  const optionalAuth = route.method === 'GET' && route.path === '/posts/{slug}';
  if (!route.auth && !optionalAuth) return [200];
  if (kind === 'owner') return target.owner;
  if (kind === "other user's") return target.other;
  if (kind === 'no token') return optionalAuth ? [404] : [401];
  return [401];
}

beforeAll(async () => {
  [alice, bob] = await Promise.all([createUser(stack), createUser(stack)]);
  draft = await createPost(api, alice, 'draft');
  published = await createPost(api, alice, 'published');
});

describe('authz matrix', () => {
  it('uses, for expired tokens, the key the stack really signs with', async () => {
    // Informational: where the genuine signing key came from (per-stack key or the published one).
    expect(stackSigningKey(stack).jwk.d).toBeTruthy();
  });

  for (const tokenType of ['access', 'id'] as const) {
    it(`every route × every token kind (${tokenType} tokens)`, async () => {
      const checks = new Checks('authz matrix');
      const own = tokenType === 'access' ? alice.accessToken : alice.idToken;
      const others = tokenType === 'access' ? bob.accessToken : bob.idToken;
      const tokens = await tokenVariants(stack, own, others, bob.userId);
      const jobs: (() => Promise<unknown>)[] = [];
      for (const route of routesFromTemplate()) {
        for (const kind of [...BAD_KINDS, "other user's", 'owner'] as TokenKind[]) {
          jobs.push(async () => {
            const target = await targetFor(route, kind === 'owner', tokenType);
            const expected = expectedStatus(route, kind, target);
            const token =
              target.ownToken && (kind === 'owner' || kind === "other user's")
                ? target.ownToken
                : tokens[kind];
            await checks.check(`${route.method} ${route.path} [${tokenType} token: ${kind}]`, async () => {
              const res = await api(route.method, target.path, {
                token: token ?? null,
                ...(target.body !== undefined ? { body: target.body } : {}),
                headers: target.headers,
              });
              expect(expected, `${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
              // A refused token on a route with the JWT authorizer is API Gateway's answer, not the API's.
              if (route.auth && res.status === 401) expectAuthorizerRefusal(res);
              else if (res.status >= 400) expectErrorShape(res.status, res.body, res.text);
            });
          });
        }
      }
      await inBatches(jobs, 4);
      checks.assertAllPassed();
    });
  }

  it("leaves the owner's resources as they were after every refused request", async () => {
    const checks = new Checks('authz matrix');
    await checks.check('draft unchanged', async () => {
      const res = await api<PostView & { title: string }>('GET', `/posts/${draft.slug}`, {
        token: alice.accessToken,
      });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(draft.version);
    });
    await checks.check('published post unchanged', async () => {
      const res = await api<PostView>('GET', `/posts/${published.slug}`);
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(published.version);
    });
    checks.assertAllPassed();
  });
});
