import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { DocumentReadCache } from './document-reads';
import { postServiceDeps, publicReadDeps } from './post-deps';
import { createPost, getPostBySlug, listPublishedPosts } from './post-service';
import { postKey, slugKey } from './table-keys';

// DAX cannot run locally (no emulator exists, and the cluster lives in a VPC), so the DAX client is
// replaced by a small fake read client over the same in-memory items as the fake DynamoDB below.
// What is checked is the routing: which client each read and write of the wired services reaches.

const POSTS = 'posts-table';
const USERS = 'users-table';

interface Call {
  client: 'dynamodb' | 'dax';
  op: string;
  table?: string;
  consistent?: boolean;
}

type Input = { TableName?: string; Key?: Record<string, string>; ConsistentRead?: boolean };

function setup(daxEndpoint?: string) {
  const published = {
    ...postKey('01JPOST0000000000000000000'),
    id: '01JPOST0000000000000000000',
    slug: 'hello-world',
    authorId: 'author-1',
    title: 'Hello',
    body: 'Hi',
    status: 'published',
    coverImage: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    publishedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
  };
  const items = new Map<string, Record<string, unknown>>([
    [JSON.stringify(postKey(published.id)), published],
    [JSON.stringify(slugKey(published.slug)), { ...slugKey(published.slug), postId: published.id }],
  ]);
  const calls: Call[] = [];
  const getItem = (input: Input) => ({ Item: input.Key ? items.get(JSON.stringify(input.Key)) : undefined });
  const queryItems = () => ({ Items: [published] });

  const db = {
    async send(command: { constructor: { name: string }; input: Input }) {
      const op = command.constructor.name;
      const { TableName: table, ConsistentRead: consistent } = command.input;
      calls.push({ client: 'dynamodb', op, table, consistent });
      if (op === 'GetCommand') return getItem(command.input);
      if (op === 'QueryCommand') return queryItems();
      if (op === 'BatchGetCommand') return { Responses: {} };
      return {};
    },
  } as unknown as DynamoDBDocumentClient;

  const dax: DocumentReadCache = {
    async get(input) {
      calls.push({ client: 'dax', op: 'get', table: input.TableName, consistent: input.ConsistentRead });
      return { ...getItem(input), $metadata: {} };
    },
    async query(input) {
      calls.push({ client: 'dax', op: 'query', table: input.TableName, consistent: input.ConsistentRead });
      return { ...queryItems(), $metadata: {} };
    },
    async batchGet() {
      calls.push({ client: 'dax', op: 'batchGet', table: POSTS });
      return { Responses: {}, $metadata: {} };
    },
  };
  const connected: string[] = [];
  const tables = { db, postsTable: POSTS, usersTable: USERS };
  const posts = postServiceDeps(tables);
  const cachedPosts = publicReadDeps(tables, posts, daxEndpoint, (endpoint) => {
    connected.push(endpoint);
    return dax;
  });
  const take = () => calls.splice(0);
  return { posts, cachedPosts, connected, take };
}

const newPost = { title: 'Fresh post', body: 'Body', status: 'published' };

describe('post deps with a DAX endpoint', () => {
  const endpoint = 'daxs://posts.abc123.dax-clusters.us-east-1.amazonaws.com';

  it('sends the cached service posts-table reads to DAX, eventually consistent', async () => {
    const { cachedPosts, connected, take } = setup(endpoint);
    expect(connected).toEqual([endpoint]);

    const page = await listPublishedPosts(cachedPosts, {});
    expect(page.items.map((p) => p.slug)).toEqual(['hello-world']);
    const { post } = await getPostBySlug(cachedPosts, 'hello-world', undefined);
    expect(post.title).toBe('Hello');

    const calls = take();
    const postsReads = calls.filter((c) => c.table === POSTS);
    expect(postsReads.map((c) => `${c.client}:${c.op}`)).toEqual([
      'dax:query', // listPublished
      'dax:get', // slug → id
      'dax:get', // the post
    ]);
    // DAX passes strongly consistent reads through to the table, caching nothing.
    expect(postsReads.every((c) => c.consistent === false)).toBe(true);
    // Author names come from the users table, which DAX does not front.
    expect(calls.filter((c) => c.table === USERS).every((c) => c.client === 'dynamodb')).toBe(true);
  });

  it('sends writes to DynamoDB, never to DAX', async () => {
    const { cachedPosts, posts, take } = setup(endpoint);
    await createPost(cachedPosts, 'author-1', newPost);
    await createPost(posts, 'author-1', { ...newPost, title: 'Another' });
    const calls = take();
    expect(calls.filter((c) => c.op === 'TransactWriteCommand').map((c) => c.client)).toEqual([
      'dynamodb',
      'dynamodb',
    ]);
    expect(calls.filter((c) => c.client === 'dax')).toEqual([]);
  });

  it('keeps the uncached service (writers, signed-in readers) on DynamoDB with consistent reads', async () => {
    const { posts, take } = setup(endpoint);
    await getPostBySlug(posts, 'hello-world', 'author-1');
    await listPublishedPosts(posts, {});
    const calls = take().filter((c) => c.table === POSTS);
    expect(calls.map((c) => `${c.client}:${c.op}`)).toEqual([
      'dynamodb:GetCommand',
      'dynamodb:GetCommand',
      'dynamodb:QueryCommand',
    ]);
    expect(calls.slice(0, 2).every((c) => c.consistent === true)).toBe(true);
  });
});

describe('post deps without a DAX endpoint', () => {
  it.each([undefined, ''])('sends every read and write to DynamoDB (endpoint %j)', async (endpoint) => {
    const { posts, cachedPosts, connected, take } = setup(endpoint);
    expect(connected).toEqual([]);
    expect(cachedPosts).toBe(posts);

    await listPublishedPosts(cachedPosts, {});
    await getPostBySlug(cachedPosts, 'hello-world', undefined);
    await createPost(cachedPosts, 'author-1', newPost);
    const calls = take();
    expect(calls.map((c) => `${c.client}:${c.op}`)).toEqual(
      expect.arrayContaining([
        'dynamodb:QueryCommand',
        'dynamodb:GetCommand',
        'dynamodb:TransactWriteCommand',
      ]),
    );
    expect(calls.every((c) => c.client === 'dynamodb')).toBe(true);
  });
});
