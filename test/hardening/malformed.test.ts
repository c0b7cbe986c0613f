/**
 * At least 300 generated malformed requests per write route (fast-check): any JSON value, wrong
 * types, huge and unicode strings, prototype keys, broken JSON text, bad If-Match and Content-Type
 * headers, junk queries and ids. Every body is checked against the domain's own zod schema first
 * and only invalid ones are sent, so every answer must be a 4xx with the error shape — never a 5xx —
 * and the user's todos, posts and profile must be exactly as before.
 */
import { createPostSchema, POST_REQUEST_MAX_BYTES, updatePostSchema } from '@app/core/posts';
import { createTodoSchema, updateTodoSchema } from '@app/core/todos';
import { updateProfileSchema } from '@app/core/users';
import type * as z from '@app/core/zod';
import fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiClient } from '../support/api';
import { createUser, type TestUser } from '../support/users';
import {
  type Api,
  createPost,
  createTodo,
  inBatches,
  type PostView,
  type TodoView,
} from './support/fixtures';
import { Checks, expectErrorShape } from './support/tally';

const stack = inject('stack');
const api: Api = apiClient(stack);
const RUNS = Number(process.env.HARDENING_RUNS ?? 300);
const SEED = Number(process.env.HARDENING_SEED ?? Date.now() % 2 ** 31);

let alice: TestUser;
let todo: TodoView;
let post: PostView;

interface WriteRoute {
  name: string;
  method: 'POST' | 'PATCH';
  path: () => string;
  idPath?: (id: string) => string;
  schema: z.ZodMiniType;
  fields: string[];
  version?: () => number;
  maxBytes: number;
}

const ROUTES: WriteRoute[] = [
  {
    name: 'POST /todos',
    method: 'POST',
    path: () => '/todos',
    schema: createTodoSchema,
    fields: ['title', 'notes', 'dueDate'],
    maxBytes: 64 * 1024,
  },
  {
    name: 'PATCH /todos/{id}',
    method: 'PATCH',
    path: () => `/todos/${todo.id}`,
    idPath: (id) => `/todos/${id}`,
    schema: updateTodoSchema,
    fields: ['title', 'notes', 'done', 'dueDate'],
    version: () => todo.version,
    maxBytes: 64 * 1024,
  },
  {
    name: 'POST /posts',
    method: 'POST',
    path: () => '/posts',
    schema: createPostSchema,
    fields: ['title', 'body', 'status', 'coverImage'],
    maxBytes: POST_REQUEST_MAX_BYTES,
  },
  {
    name: 'PATCH /posts/{id}',
    method: 'PATCH',
    path: () => `/posts/${post.id}`,
    idPath: (id) => `/posts/${id}`,
    schema: updatePostSchema,
    fields: ['title', 'body', 'status', 'coverImage'],
    version: () => post.version,
    maxBytes: POST_REQUEST_MAX_BYTES,
  },
  {
    name: 'PATCH /me',
    method: 'PATCH',
    path: () => '/me',
    schema: updateProfileSchema,
    fields: ['displayName'],
    maxBytes: 4 * 1024,
  },
];

interface Generated {
  text: string;
  headers: Record<string, string>;
  query: string;
  id?: string;
}

const huge = ['x'.repeat(70_000), '😀'.repeat(20_000), 'a'.repeat(10_001), 'é'.repeat(201), ' '.repeat(300)];
const headerText = fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,40}$/);

function valueArb(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.jsonValue(),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.constantFrom(...huge),
    fc.constantFrom(
      true,
      false,
      0,
      -1,
      1e308,
      null,
      '',
      [],
      {},
      '2024-02-30',
      'draft',
      'published',
      'uploads/x/../y.png',
    ),
  );
}

/** Raw JSON text of a body: any JSON value, schema-shaped objects with wrong values, prototype keys, broken JSON. */
function bodyTextArb(route: WriteRoute): fc.Arbitrary<string> {
  const keys = fc.constantFrom(
    ...route.fields,
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'id',
    'version',
    'authorId',
    'userId',
  );
  const shaped = fc
    .array(fc.tuple(keys, valueArb()), { maxLength: 6 })
    .map(
      (pairs) =>
        `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`,
    );
  const pollution = fc.constantFrom(
    '{"__proto__":{"title":"x","isAdmin":true}}',
    '{"constructor":{"prototype":{"title":"x"}}}',
    '{"title":"ok","__proto__":{"userId":"someone"}}',
    '{"displayName":"ok","__proto__":null}',
    '{"title":{"toString":"x"}}',
  );
  const broken = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.jsonValue().map((v) => JSON.stringify(v).slice(0, -1)),
    fc.constantFrom(
      '{',
      '{"title":',
      "{'title':'x'}",
      '{"title":"x",}',
      'NaN',
      'undefined',
      '\u0000',
      '[1,2',
      '{"a":1}{"b":2}',
    ),
  );
  return fc.oneof(
    { arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)), weight: 3 },
    { arbitrary: shaped, weight: 5 },
    { arbitrary: pollution, weight: 1 },
    { arbitrary: broken, weight: 2 },
  );
}

/** Whether the API must refuse this body (invalid JSON, or JSON the domain schema refuses, or too large). */
function mustRefuse(route: WriteRoute, text: string): boolean {
  if (Buffer.byteLength(text) > route.maxBytes) return true;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return true;
  }
  return !route.schema.safeParse(value).success;
}

function requestArb(route: WriteRoute): fc.Arbitrary<Generated> {
  const ifMatch = fc.oneof(
    fc.constant('current'),
    headerText,
    fc.constantFrom('*', '"abc"', 'W/"x"', '"1", "2"', '"99999999999999999"', '"-1"', ''),
  );
  const contentType = fc.constantFrom(
    'application/json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/json; charset=utf-16',
    'image/png',
  );
  const query = fc.oneof(
    fc.constant(''),
    fc
      .tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 }))
      .map(([k, v]) => `?${encodeURIComponent(k)}=${encodeURIComponent(v)}`),
    fc.constantFrom('?status=done', '?__proto__[x]=1', '?limit=-1&limit=2', '?a=%ff'),
  );
  const id = route.idPath
    ? fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 4 },
        { arbitrary: fc.string({ maxLength: 30 }).map((s) => encodeURIComponent(s) || 'x'), weight: 1 },
        {
          arbitrary: fc.constantFrom('01ARZ3NDEKTSV4RRFFQ69G5FAV', '..', '%2e%2e', 'null', '0', 'a%2Fb'),
          weight: 1,
        },
      )
    : fc.constant(undefined);
  return fc
    .record({
      text: bodyTextArb(route),
      ifMatch,
      contentType,
      query,
      id,
      extra: fc.option(headerText, { nil: undefined }),
    })
    .filter(({ text }) => mustRefuse(route, text))
    .map(({ text, ifMatch: im, contentType: ct, query: q, id: i, extra }) => {
      const headers: Record<string, string> = { 'content-type': ct };
      if (route.version) headers['if-match'] = im === 'current' ? `"${route.version()}"` : im;
      if (extra) headers['x-hardening'] = extra;
      return { text, headers, query: q, ...(i !== undefined ? { id: i } : {}) };
    });
}

/**
 * A junk id can make a path no route matches (`a%2Fb`, `..`): the HTTP API itself answers
 * `404 {"message":"Not Found"}` before any Lambda runs, as it does in AWS — a 4xx, with no state
 * change, but not the API's error shape.
 */
function isUnmatchedRoute(status: number, body: unknown): boolean {
  return status === 404 && JSON.stringify(body) === '{"message":"Not Found"}';
}

async function snapshot(): Promise<string> {
  const todos: unknown[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; text: string; body: { items: unknown[]; nextCursor: string | null } } =
      await api<{
        items: unknown[];
        nextCursor: string | null;
      }>('GET', `/todos?status=all&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
        token: alice.accessToken,
      });
    expect(res.status, res.text).toBe(200);
    todos.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  const posts = await api('GET', '/me/posts?limit=100', { token: alice.accessToken });
  const me = await api('GET', '/me', { token: alice.accessToken });
  const published = await api('GET', '/posts?limit=100');
  return JSON.stringify({ todos, posts: posts.body, me: me.body, published: published.body });
}

beforeAll(async () => {
  alice = await createUser(stack);
  todo = await createTodo(api, alice);
  post = await createPost(api, alice, 'draft');
  await api('GET', '/me', { token: alice.accessToken });
});

describe('malformed requests', () => {
  for (const route of ROUTES) {
    it(`${route.name}: ${RUNS} generated malformed requests → 4xx with the error shape, nothing changed`, async () => {
      const checks = new Checks('malformed requests');
      const samples = fc.sample(requestArb(route), { numRuns: RUNS, seed: SEED + route.name.length });
      const before = await snapshot();
      await inBatches(
        samples.map((sample, index) => async () => {
          const path = sample.id !== undefined && route.idPath ? route.idPath(sample.id) : route.path();
          await checks.check(
            `${route.name} #${index} (seed ${SEED}) ${sample.text.slice(0, 60)}`,
            async () => {
              const res = await api(route.method, `${path}${sample.query}`, {
                token: alice.accessToken,
                rawBody: sample.text,
                headers: sample.headers,
              });
              if (sample.id !== undefined && isUnmatchedRoute(res.status, res.body)) return;
              expectErrorShape(res.status, res.body, `${res.status} ${res.text}`);
              expect(res.headers.get('x-content-type-options')).toBe('nosniff');
            },
          );
        }),
        4,
      );
      await checks.check(
        `${route.name}: state unchanged after ${samples.length} refused requests`,
        async () => {
          expect(await snapshot()).toBe(before);
        },
      );
      expect(samples.length).toBeGreaterThanOrEqual(RUNS);
      checks.assertAllPassed();
    });
  }
});
