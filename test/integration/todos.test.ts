import type { Todo, TodoList } from '@app/core/todos';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiResponse, apiClient, expectAuthorizerRefusal } from '../support/api';
import { createUser, type TestUser } from '../support/users';

/** The Todos API of SPEC §4 against the real local stack (serverless-offline + DynamoDB Local + Cognito). */

const stack = inject('stack');
const api = apiClient(stack);

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

async function createTodo(user: TestUser, body: Record<string, unknown>): Promise<Todo> {
  const res = await api<Todo>('POST', '/todos', { token: user.accessToken, body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

async function patch(user: TestUser, id: string, body: unknown, version?: number) {
  return api<Todo>('PATCH', `/todos/${id}`, {
    token: user.accessToken,
    body,
    headers: version === undefined ? {} : { 'if-match': `"${version}"` },
  });
}

async function list(user: TestUser, query = ''): Promise<TodoList> {
  const res = await api<TodoList>('GET', `/todos${query}`, { token: user.accessToken });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/** Every todo of the user for a filter, following cursors; also returns the page sizes. */
async function listAll(user: TestUser, status: string, limit: number) {
  const items: Todo[] = [];
  const pageSizes: number[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?status=${status}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await list(user, query);
    items.push(...page.items);
    pageSizes.push(page.items.length);
    cursor = page.nextCursor;
    expect(pageSizes.length).toBeLessThan(20);
  } while (cursor);
  return { items, pageSizes };
}

function errorOf(res: ApiResponse<unknown>) {
  return (res.body as ErrorBody).error;
}

function expectError(res: ApiResponse<unknown>, status: number, code: string) {
  expect(res.status, res.text).toBe(status);
  expect(errorOf(res)).toMatchObject({ code, message: expect.any(String) });
}

/** Runs `fn` over `items`, `size` at a time. */
async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  fn: (item: T, index: number) => Promise<R>,
) {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(...(await Promise.all(items.slice(i, i + size).map((item, k) => fn(item, i + k)))));
  }
  return out;
}

function expectNewestFirst(items: Todo[]) {
  for (let i = 1; i < items.length; i++) {
    const [newer, older] = [items[i - 1] as Todo, items[i] as Todo];
    expect(newer.id > older.id, `${newer.id} before ${older.id}`).toBe(true);
    expect(newer.createdAt >= older.createdAt).toBe(true);
  }
}

let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  [alice, bob] = await Promise.all([createUser(stack), createUser(stack)]);
});

describe('POST /todos', () => {
  it('creates a todo for the owner: 201, the SPEC shape, a Location', async () => {
    const res = await api<Todo>('POST', '/todos', {
      token: alice.accessToken,
      body: { title: '  Buy milk  ', notes: 'semi-skimmed', dueDate: '2024-02-29' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(ULID),
      title: 'Buy milk',
      notes: 'semi-skimmed',
      done: false,
      dueDate: '2024-02-29',
      createdAt: expect.any(String),
      updatedAt: res.body.createdAt,
      version: 1,
    });
    expect(Date.parse(res.body.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(res.headers.get('location')).toBe(`/todos/${res.body.id}`);

    const got = await api<Todo>('GET', `/todos/${res.body.id}`, { token: alice.accessToken });
    expect(got.body).toEqual(res.body);
  });

  it('defaults notes to "" and dueDate to null, and accepts the ID token too', async () => {
    const res = await api<Todo>('POST', '/todos', { token: alice.idToken, body: { title: 'x'.repeat(200) } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: 'x'.repeat(200), notes: '', dueDate: null, done: false });
  });

  it('anonymous → 401', async () => {
    expectAuthorizerRefusal(await api('POST', '/todos', { body: { title: 'nope' } }));
  });

  it('bad input → 400 with a code, and nothing is stored', async () => {
    const carol = await createUser(stack);
    await createTodo(carol, { title: 'the only one' });
    const before = await list(carol);

    const post = (opts: { body?: unknown; rawBody?: string; headers?: Record<string, string> }) =>
      api('POST', '/todos', { token: carol.accessToken, ...opts });
    const cases: Array<[string, Promise<ApiResponse<unknown>>, string]> = [
      ['empty title', post({ body: { title: '' } }), 'validation_failed'],
      ['blank title', post({ body: { title: '   ' } }), 'validation_failed'],
      ['no title', post({ body: { notes: 'n' } }), 'validation_failed'],
      ['201-char title', post({ body: { title: 'x'.repeat(201) } }), 'validation_failed'],
      ['10,001-char notes', post({ body: { title: 't', notes: 'n'.repeat(10_001) } }), 'validation_failed'],
      ['2024-02-30', post({ body: { title: 't', dueDate: '2024-02-30' } }), 'validation_failed'],
      [
        'a datetime as dueDate',
        post({ body: { title: 't', dueDate: '2024-03-01T10:00:00Z' } }),
        'validation_failed',
      ],
      ['unknown field', post({ body: { title: 't', priority: 1 } }), 'validation_failed'],
      ['done on create', post({ body: { title: 't', done: true } }), 'validation_failed'],
      ['an array', post({ body: [{ title: 't' }] }), 'validation_failed'],
      ['no body', post({}), 'validation_failed'],
      [
        'malformed JSON',
        post({ rawBody: '{"title": "t",', headers: { 'content-type': 'application/json' } }),
        'invalid_json',
      ],
    ];
    for (const [name, pending, code] of cases) {
      const res = await pending;
      expect(res.status, `${name}: ${res.text}`).toBe(400);
      expect(errorOf(res).code, name).toBe(code);
    }

    // The failing field is named, so a form can show the error next to it.
    const dated = await post({ body: { title: 't', dueDate: '2024-02-30' } });
    expect(errorOf(dated).details).toEqual([expect.objectContaining({ path: 'dueDate' })]);

    expect(await list(carol)).toEqual(before);
  });

  it('a 70 KB body → 413, nothing stored', async () => {
    const dave = await createUser(stack);
    const res = await api('POST', '/todos', {
      token: dave.accessToken,
      body: { title: 'big', notes: 'n'.repeat(70_000) },
    });
    expectError(res, 413, 'payload_too_large');
    expect((await list(dave)).items).toEqual([]);
  });

  it('error responses carry CORS headers for the web origin', async () => {
    const res = await api('POST', '/todos', {
      token: alice.accessToken,
      body: { title: '' },
      headers: { origin: stack.webUrl },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('access-control-allow-origin')).toBe(stack.webUrl);

    const anonymous = await api('GET', '/todos', { headers: { origin: stack.webUrl } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('access-control-allow-origin')).toBe(stack.webUrl);
  });
});

describe('GET /todos/{id}', () => {
  let todo: Todo;
  beforeAll(async () => {
    todo = await createTodo(alice, { title: 'read me' });
  });

  it('owner → 200 with an ETag; If-None-Match → 304; a change gives a new ETag', async () => {
    const first = await api<Todo>('GET', `/todos/${todo.id}`, { token: alice.accessToken });
    expect(first.status).toBe(200);
    expect(first.body).toEqual(todo);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);

    const again = await api('GET', `/todos/${todo.id}`, {
      token: alice.accessToken,
      headers: { 'if-none-match': etag ?? '' },
    });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');

    expect((await patch(alice, todo.id, { notes: 'changed' }, todo.version)).status).toBe(200);
    const changed = await api<Todo>('GET', `/todos/${todo.id}`, {
      token: alice.accessToken,
      headers: { 'if-none-match': etag ?? '' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.notes).toBe('changed');
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('another user → 404, exactly like a missing todo', async () => {
    const res = await api('GET', `/todos/${todo.id}`, { token: bob.accessToken });
    expectError(res, 404, 'not_found');
    const missing = await api('GET', '/todos/01HZZZZZZZZZZZZZZZZZZZZZZZ', { token: bob.accessToken });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(res.body);
  });

  it('a malformed id → 404', async () => {
    for (const id of ['nope', 'x'.repeat(2000), '01hzzzzzzzzzzzzzzzzzzzzzzz']) {
      expectError(await api('GET', `/todos/${id}`, { token: alice.accessToken }), 404, 'not_found');
    }
  });

  it('anonymous → 401', async () => {
    expectAuthorizerRefusal(await api('GET', `/todos/${todo.id}`));
  });
});

describe('PATCH /todos/{id}', () => {
  it('owner with If-Match → 200, version + 1, fields changed', async () => {
    const todo = await createTodo(alice, { title: 'draft', dueDate: '2030-01-01' });
    const res = await patch(alice, todo.id, { title: ' final ', done: true, dueDate: null, notes: 'n' }, 1);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({
      ...todo,
      title: 'final',
      notes: 'n',
      done: true,
      dueDate: null,
      version: 2,
      updatedAt: expect.any(String),
    });
    expect(res.body.updatedAt >= todo.updatedAt).toBe(true);
    expect((await api('GET', `/todos/${todo.id}`, { token: alice.accessToken })).body).toEqual(res.body);

    // `done` moved it between the status filters.
    expect((await list(alice, '?status=done&limit=100')).items.map((t) => t.id)).toContain(todo.id);
    expect((await list(alice, '?status=open&limit=100')).items.map((t) => t.id)).not.toContain(todo.id);
    const reopened = await patch(alice, todo.id, { done: false }, 2);
    expect(reopened.body).toMatchObject({ done: false, version: 3 });
    expect((await list(alice, '?status=open&limit=100')).items.map((t) => t.id)).toContain(todo.id);
    expect((await list(alice, '?status=done&limit=100')).items.map((t) => t.id)).not.toContain(todo.id);
  });

  it('a stale If-Match → 409 version_conflict, and the todo is unchanged', async () => {
    const todo = await createTodo(alice, { title: 'contested' });
    expect((await patch(alice, todo.id, { title: 'first writer' }, 1)).status).toBe(200);
    const stale = await patch(alice, todo.id, { title: 'second writer' }, 1);
    expectError(stale, 409, 'version_conflict');
    expect(errorOf(stale).details).toEqual({ currentVersion: 2 });
    const now = await api<Todo>('GET', `/todos/${todo.id}`, { token: alice.accessToken });
    expect(now.body).toMatchObject({ title: 'first writer', version: 2 });
  });

  it('two concurrent writers with the same version: exactly one wins', async () => {
    const todo = await createTodo(alice, { title: 'race' });
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => patch(alice, todo.id, { title: `writer ${i}` }, 1)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const got = await api<Todo>('GET', `/todos/${todo.id}`, { token: alice.accessToken });
    expect(got.body.version).toBe(2);
  });

  it('without If-Match the update is unconditional (documented choice)', async () => {
    const todo = await createTodo(alice, { title: 'no precondition' });
    const res = await patch(alice, todo.id, { done: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ done: true, version: 2 });
  });

  it('another user → 404 with or without If-Match, and nothing changes', async () => {
    const todo = await createTodo(alice, { title: 'mine' });
    expectError(await patch(bob, todo.id, { title: 'hijacked' }, 1), 404, 'not_found');
    expectError(await patch(bob, todo.id, { title: 'hijacked' }), 404, 'not_found');
    const got = await api<Todo>('GET', `/todos/${todo.id}`, { token: alice.accessToken });
    expect(got.body).toEqual(todo);
  });

  it('a missing todo → 404 (not 409) even with a stale If-Match', async () => {
    expectError(await patch(alice, '01HZZZZZZZZZZZZZZZZZZZZZZZ', { done: true }, 7), 404, 'not_found');
  });

  it('anonymous → 401', async () => {
    const todo = await createTodo(alice, { title: 'guarded' });
    expectAuthorizerRefusal(await api('PATCH', `/todos/${todo.id}`, { body: { done: true } }));
  });

  it('bad input → 400 with a code, and the todo is unchanged', async () => {
    const todo = await createTodo(alice, { title: 'stable' });
    const send = (opts: { body?: unknown; rawBody?: string; headers?: Record<string, string> }) =>
      api('PATCH', `/todos/${todo.id}`, { token: alice.accessToken, ...opts });
    const cases: Array<[string, Promise<ApiResponse<unknown>>, string]> = [
      ['empty patch', send({ body: {} }), 'validation_failed'],
      ['empty title', send({ body: { title: '' } }), 'validation_failed'],
      ['201-char title', send({ body: { title: 'x'.repeat(201) } }), 'validation_failed'],
      ['10,001-char notes', send({ body: { notes: 'n'.repeat(10_001) } }), 'validation_failed'],
      ['2024-02-30', send({ body: { dueDate: '2024-02-30' } }), 'validation_failed'],
      ['string done', send({ body: { done: 'true' } }), 'validation_failed'],
      ['unknown field', send({ body: { done: true, version: 9 } }), 'validation_failed'],
      [
        'malformed JSON',
        send({ rawBody: '{done: true}', headers: { 'content-type': 'application/json' } }),
        'invalid_json',
      ],
      [
        'malformed If-Match',
        send({ body: { done: true }, headers: { 'if-match': 'not-a-version' } }),
        'invalid_if_match',
      ],
    ];
    for (const [name, pending, code] of cases) {
      const res = await pending;
      expect(res.status, `${name}: ${res.text}`).toBe(400);
      expect(errorOf(res).code, name).toBe(code);
    }
    expectError(await send({ body: { title: 't', notes: 'n'.repeat(70_000) } }), 413, 'payload_too_large');
    const got = await api<Todo>('GET', `/todos/${todo.id}`, { token: alice.accessToken });
    expect(got.body).toEqual(todo);
  });
});

describe('DELETE /todos/{id}', () => {
  it('owner → 204, then 404', async () => {
    const todo = await createTodo(alice, { title: 'short-lived' });
    const res = await api('DELETE', `/todos/${todo.id}`, { token: alice.accessToken });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectError(await api('GET', `/todos/${todo.id}`, { token: alice.accessToken }), 404, 'not_found');
    expectError(await api('DELETE', `/todos/${todo.id}`, { token: alice.accessToken }), 404, 'not_found');
  });

  it('another user → 404, and the todo survives', async () => {
    const todo = await createTodo(alice, { title: 'keep me' });
    expectError(await api('DELETE', `/todos/${todo.id}`, { token: bob.accessToken }), 404, 'not_found');
    expect((await api('GET', `/todos/${todo.id}`, { token: alice.accessToken })).status).toBe(200);
  });

  it('anonymous → 401', async () => {
    const todo = await createTodo(alice, { title: 'keep me too' });
    expectAuthorizerRefusal(await api('DELETE', `/todos/${todo.id}`));
    expect((await api('GET', `/todos/${todo.id}`, { token: alice.accessToken })).status).toBe(200);
  });
});

describe('GET /todos', () => {
  it('lists only the caller’s todos, newest first', async () => {
    const erin = await createUser(stack);
    const a = await createTodo(erin, { title: 'a' });
    const b = await createTodo(erin, { title: 'b' });
    await createTodo(bob, { title: 'bob’s' });
    const page = await list(erin);
    expect(page).toEqual({ items: [b, a], nextCursor: null });
    expect((await list(bob)).items.map((t) => t.id)).not.toContain(a.id);
  });

  it('an empty list is {items: [], nextCursor: null}', async () => {
    const frank = await createUser(stack);
    expect(await list(frank)).toEqual({ items: [], nextCursor: null });
    expect(await list(frank, '?status=done')).toEqual({ items: [], nextCursor: null });
  });

  it('sends an ETag; If-None-Match → 304 until the list changes', async () => {
    const gina = await createUser(stack);
    await createTodo(gina, { title: 'one' });
    const first = await api('GET', '/todos', { token: gina.accessToken });
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[^"]+"$/);
    const cached = await api('GET', '/todos', {
      token: gina.accessToken,
      headers: { 'if-none-match': etag },
    });
    expect(cached.status).toBe(304);
    expect(cached.text).toBe('');

    await createTodo(gina, { title: 'two' });
    const fresh = await api<TodoList>('GET', '/todos', {
      token: gina.accessToken,
      headers: { 'if-none-match': etag },
    });
    expect(fresh.status).toBe(200);
    expect(fresh.body.items).toHaveLength(2);
    expect(fresh.headers.get('etag')).not.toBe(etag);
  });

  it('anonymous → 401', async () => {
    expectAuthorizerRefusal(await api('GET', '/todos'));
  });

  it('bad query → 400: limit 0 / 101 / abc, unknown status', async () => {
    for (const query of ['?limit=0', '?limit=101', '?limit=abc', '?limit=-5', '?limit=2.5']) {
      expectError(await api('GET', `/todos${query}`, { token: alice.accessToken }), 400, 'validation_failed');
    }
    for (const query of ['?status=bogus', '?status=DONE', '?status=open&status=done']) {
      expectError(await api('GET', `/todos${query}`, { token: alice.accessToken }), 400, 'validation_failed');
    }
  });

  it('a forged or foreign cursor → 400 invalid_cursor', async () => {
    const helen = await createUser(stack);
    await inBatches([1, 2, 3], 3, (n) => createTodo(helen, { title: `h${n}` }));
    const page = await list(helen, '?limit=1');
    const cursor = page.nextCursor ?? '';
    expect(cursor).not.toBe('');

    const forged = [
      'not-a-cursor',
      '%%%',
      Buffer.from('{"userId":"someone","todoId":"x"}').toString('base64url'),
      // A well-formed cursor rewritten to claim another owner.
      Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(cursor, 'base64url').toString()), u: 'AAAAAAAAAAAAAAAA' }),
      ).toString('base64url'),
    ];
    for (const value of forged) {
      const res = await api('GET', `/todos?limit=1&cursor=${encodeURIComponent(value)}`, {
        token: helen.accessToken,
      });
      expectError(res, 400, 'invalid_cursor');
    }
    // Helen's cursor is useless to Bob, and to another filter.
    expectError(
      await api('GET', `/todos?limit=1&cursor=${encodeURIComponent(cursor)}`, { token: bob.accessToken }),
      400,
      'invalid_cursor',
    );
    expectError(
      await api('GET', `/todos?status=open&limit=1&cursor=${encodeURIComponent(cursor)}`, {
        token: helen.accessToken,
      }),
      400,
      'invalid_cursor',
    );
  });

  it('pages over 130 todos with limit=50 and the status filters: no duplicates, no gaps, newest first', async () => {
    const ivan = await createUser(stack);
    const created = await inBatches(
      Array.from({ length: 130 }, (_, i) => i),
      10,
      (i) => createTodo(ivan, { title: `todo ${i}` }),
    );
    const doneIds = new Set(created.filter((_, i) => i % 3 === 0).map((t) => t.id));
    await inBatches([...doneIds], 10, async (id) => {
      expect((await patch(ivan, id, { done: true }, 1)).status).toBe(200);
    });
    const allIds = created
      .map((t) => t.id)
      .sort()
      .reverse();
    const doneSorted = allIds.filter((id) => doneIds.has(id));
    const openSorted = allIds.filter((id) => !doneIds.has(id));
    expect(doneSorted).toHaveLength(44);

    const all = await listAll(ivan, 'all', 50);
    expect(all.pageSizes).toEqual([50, 50, 30]);
    expect(all.items.map((t) => t.id)).toEqual(allIds);
    expectNewestFirst(all.items);

    const open = await listAll(ivan, 'open', 50);
    expect(open.pageSizes).toEqual([50, 36]);
    expect(open.items.map((t) => t.id)).toEqual(openSorted);
    expect(open.items.every((t) => !t.done)).toBe(true);
    expectNewestFirst(open.items);

    const done = await listAll(ivan, 'done', 20);
    expect(done.pageSizes).toEqual([20, 20, 4]);
    expect(done.items.map((t) => t.id)).toEqual(doneSorted);
    expect(done.items.every((t) => t.done && t.version === 2)).toBe(true);

    // Exactly one full page: the cursor of the last page is null, no empty extra page.
    const exact = await listAll(ivan, 'done', 44);
    expect(exact.pageSizes).toEqual([44]);

    const max = await list(ivan, '?limit=100');
    expect(max.items).toHaveLength(100);
    expect(max.nextCursor).not.toBeNull();

    // Clearing 44 done todos takes two BatchWriteItem chunks.
    const cleared = await api('DELETE', '/todos?status=done', { token: ivan.accessToken });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toEqual({ deleted: 44 });
    const left = await listAll(ivan, 'all', 100);
    expect(left.items.map((t) => t.id)).toEqual(openSorted);
  });
});

describe('DELETE /todos?status=done (clear completed)', () => {
  it('deletes exactly the caller’s done todos', async () => {
    const jane = await createUser(stack);
    const todos = await inBatches([0, 1, 2, 3, 4], 5, (i) => createTodo(jane, { title: `j${i}` }));
    for (const t of todos.slice(0, 3)) expect((await patch(jane, t.id, { done: true }, 1)).status).toBe(200);
    const bobsDone = await createTodo(bob, { title: 'bob done' });
    await patch(bob, bobsDone.id, { done: true }, 1);

    const res = await api('DELETE', '/todos?status=done', { token: jane.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ deleted: 3 });
    const left = await list(jane);
    expect(left.items.map((t) => t.id).sort()).toEqual(
      todos
        .slice(3)
        .map((t) => t.id)
        .sort(),
    );
    expect((await list(jane, '?status=done')).items).toEqual([]);
    expect((await api('GET', `/todos/${bobsDone.id}`, { token: bob.accessToken })).status).toBe(200);

    const again = await api('DELETE', '/todos?status=done', { token: jane.accessToken });
    expect(again.body).toEqual({ deleted: 0 });
  });

  it('any other status → 400, nothing deleted; anonymous → 401', async () => {
    const kim = await createUser(stack);
    const todo = await createTodo(kim, { title: 'done but kept' });
    await patch(kim, todo.id, { done: true }, 1);
    for (const query of ['', '?status=open', '?status=all', '?status=bogus']) {
      expectError(
        await api('DELETE', `/todos${query}`, { token: kim.accessToken }),
        400,
        'validation_failed',
      );
    }
    expectAuthorizerRefusal(await api('DELETE', '/todos?status=done'));
    expect((await list(kim)).items.map((t) => t.id)).toEqual([todo.id]);
  });
});
