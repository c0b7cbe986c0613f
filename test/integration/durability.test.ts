import { findFreePortBase, type StackInfo } from '@app/local-stack';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { apiClient } from '../support/api';
import { storageClient } from '../support/aws';
import { startTestStack, type TestStack } from '../support/stack-process';
import { createUser, signIn, uniqueEmail } from '../support/users';

/**
 * Issue 11, Deliver 3: what was written before a stop survives Ctrl-C + restart and a `kill -9` of
 * the orchestrator + restart — todos, posts, stored objects, users and the mailbox — and the start
 * after a `kill -9` recovers by itself (stops the leftovers, waits for their ports) on the same ports.
 * Starts its own stack three times on one persistent data directory (DynamoDB on disk).
 */
const persistent = { LOCAL_STACK_DYNAMODB_IN_MEMORY: '0', LOCAL_STACK_CREDENTIAL_TTL: '900' };

interface Written {
  email: string;
  password: string;
  todoId: string;
  slug: string;
  objectKey: string;
}

function lambdaS3(info: StackInfo) {
  return new S3Client({
    endpoint: info.s3Endpoint,
    forcePathStyle: true,
    region: info.region,
    credentials: info.lambdaCredentials.makeThumbnails,
  });
}

async function welcomeEmails(info: StackInfo, email: string): Promise<number> {
  const response = await fetch(`${info.mailboxUrl}?to=${encodeURIComponent(email)}`);
  const emails = (await response.json()) as { to: string[]; subject: string }[];
  return emails.filter((e) => e.to.includes(email) && e.subject.includes('Welcome')).length;
}

async function write(info: StackInfo): Promise<Written> {
  const email = uniqueEmail('durable');
  const password = 'Correct-Horse-9';
  const user = await createUser(info, { email, password });
  const api = apiClient(info, user.accessToken);
  const todo = await api<{ id: string }>('POST', '/todos', { body: { title: 'survives restarts' } });
  expect(todo.status, todo.text).toBe(201);
  const post = await api<{ slug: string }>('POST', '/posts', {
    body: { title: `Durable ${Date.now().toString(36)}`, body: 'still here', status: 'published' },
  });
  expect(post.status, post.text).toBe(201);
  const objectKey = `thumbnails/durability/${Date.now().toString(36)}.webp`;
  await lambdaS3(info).send(
    new PutObjectCommand({ Bucket: info.buckets.media, Key: objectKey, Body: 'object bytes' }),
  );
  const deadline = Date.now() + 60_000;
  while ((await welcomeEmails(info, email)) < 1 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 500));
  expect(await welcomeEmails(info, email)).toBe(1);
  return { email, password, todoId: todo.body.id, slug: post.body.slug, objectKey };
}

async function readBack(info: StackInfo, w: Written): Promise<void> {
  const user = await signIn(info, w.email, w.password);
  const api = apiClient(info, user.accessToken);
  const todo = await api<{ title: string }>('GET', `/todos/${w.todoId}`);
  expect(todo.status, todo.text).toBe(200);
  expect(todo.body.title).toBe('survives restarts');
  const post = await api<{ body: string }>('GET', `/posts/${w.slug}`, { token: null });
  expect(post.status, post.text).toBe(200);
  expect(post.body.body).toBe('still here');
  // Read from the storage behind the gateway: the Lambda role may write thumbnails/, not read them
  // (anonymous readers go through the edge); what matters here is that the object survived.
  const storage = storageClient(info);
  const object = await storage.send(new GetObjectCommand({ Bucket: info.buckets.media, Key: w.objectKey }));
  expect(await object.Body?.transformToString()).toBe('object bytes');
  expect(await welcomeEmails(info, w.email)).toBe(1);
}

describe('durability of the local stack', () => {
  it('keeps data across Ctrl-C + restart and kill -9 + restart (one start recovers)', async () => {
    const portBase = await findFreePortBase(Number(process.env.TEST_STACK_PORT_BASE ?? 4400) + 40);
    const start = (keepData: boolean) =>
      startTestStack({ name: 'durability', web: 'none', env: persistent, keepData, portBase, own: true });
    let stack: TestStack | undefined = await start(false);
    try {
      const written = await write(stack.info);

      await stack.stop('SIGINT'); // Ctrl-C
      stack = await start(true);
      await readBack(stack.info, written);

      await stack.killOrchestrator(); // kill -9: DynamoDB, SES, Cognito and offline keep running
      stack = await start(true);
      expect(stack.info.ports.api).toBe(portBase + 1);
      await readBack(stack.info, written);
    } finally {
      await stack?.stop();
    }
  }, 900_000);
});
