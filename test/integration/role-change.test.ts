import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api';
import { startTestStack, type TestStack } from '../support/stack-process';
import { createUser, type TestUser } from '../support/users';

/**
 * The must-show: remove `dynamodb:PutItem` from createTodo's role in a copy of serverless.yml
 * that a stack of its own loads, and `POST /todos` breaks exactly as in AWS (the Lambda gets
 * DynamoDB's AccessDeniedException, the API answers 500); put it back and it works again, on the
 * running stack (it reloads edited roles as a deploy updates them).
 */

const repoRoot = resolve(import.meta.dirname, '..', '..');
const COPY = 'serverless.role-change-test.yml';
const GRANT = '      - { Effect: Allow, Action: [dynamodb:PutItem], Resource: *todosTable }\n';

let stack: TestStack;
let user: TestUser;
const original = readFileSync(join(repoRoot, 'serverless.yml'), 'utf8');

function createTodoGrantCount(template: string) {
  const block = template.slice(template.indexOf('  createTodo:'), template.indexOf('  listTodos:'));
  return block.split(GRANT).length - 1;
}

beforeAll(async () => {
  expect(createTodoGrantCount(original)).toBe(1);
  const withoutPut = original.replace(
    /( {2}createTodo:[\s\S]*?)( {6}- \{ Effect: Allow, Action: \[dynamodb:PutItem\], Resource: \*todosTable \}\n)/,
    '$1',
  );
  expect(createTodoGrantCount(withoutPut)).toBe(0);
  writeFileSync(join(repoRoot, COPY), withoutPut);
  stack = await startTestStack({
    name: 'role-change',
    web: 'none',
    env: { LOCAL_STACK_CONFIG: COPY },
    own: true,
  });
  user = await createUser(stack.info);
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(join(repoRoot, COPY), { force: true });
});

describe('a role without dynamodb:PutItem', () => {
  it('makes POST /todos fail with the AccessDeniedException AWS would give the Lambda', async () => {
    const api = apiClient(stack.info, user.accessToken);
    const res = await api('POST', '/todos', { body: { title: 'needs PutItem' } });
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ error: { code: 'internal_error' } });
    const log = join(stack.info.logsDir, 'offline.log');
    const denied = await waitFor(() => {
      const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
      return /AccessDeniedException[\s\S]{0,400}is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table\/mytodolist-myblog-local-todos because no identity-based policy allows the dynamodb:PutItem action/.test(
        text,
      );
    });
    expect(denied).toBe(true);
    // Nothing was stored.
    const list = await api<{ items: unknown[] }>('GET', '/todos');
    expect(list.body.items).toEqual([]);
  });

  it('works again once the grant is back (the running stack reloads the role)', async () => {
    writeFileSync(join(repoRoot, COPY), original);
    const api = apiClient(stack.info, user.accessToken);
    const created = await waitFor(async () => {
      const res = await api('POST', '/todos', { body: { title: 'PutItem is back' } });
      return res.status === 201;
    }, 180_000);
    expect(created).toBe(true);
  }, 200_000);
});

/** Polls a condition (no fixed sleeps): true as soon as it holds, false at the deadline. */
async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}
