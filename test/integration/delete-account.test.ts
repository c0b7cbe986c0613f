import { welcomeEmailRecordKey } from '@app/core/users';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiClient } from '../support/api';
import { storageClient } from '../support/aws';
import { cognitoClient, createUser, type TestUser } from '../support/users';

// DELETE /me (SPEC §4) against the real local stack: the API call, then a look at every table,
// both buckets and the user pool for anything of the deleted user's.

const stack = inject('stack');
const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint: stack.dynamodbEndpoint,
    region: stack.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  }),
);
/**
 * The raw storage behind the checking S3 gateway. It seeds the user's objects (standing in for the
 * browser's uploads with identity-pool credentials) and looks for leftovers afterwards.
 */
const storage = storageClient(stack);
const table = (name: string) => {
  const found = stack.tables[name];
  if (!found) throw new Error(`stack.json has no ${name} table`);
  return found;
};

function objectKeysOf(userId: string) {
  return {
    files: [`private/${userId}/notes.txt`, `private/${userId}/sub/photo.jpg`],
    media: [`uploads/${userId}/cover.jpg`, `thumbnails/${userId}/cover-w320.webp`],
  };
}

async function seed(user: TestUser) {
  const api = apiClient(stack, user.accessToken);
  // The profile (created by the first GET /me). A cold Lambda on a loaded machine may time out once.
  let me = await api('GET', '/me');
  for (let attempt = 1; me.status === 504 && attempt < 3; attempt++) me = await api('GET', '/me');
  expect(me.status).toBe(200);
  for (const title of ['one', 'two', 'three'])
    expect((await api('POST', '/todos', { body: { title } })).status).toBe(201);
  const slugs: string[] = [];
  for (const status of ['draft', 'published']) {
    const post = await api<{ slug: string }>('POST', '/posts', {
      body: { title: `A ${status} post`, body: 'Hi', status },
    });
    expect(post.status).toBe(201);
    slugs.push(post.body.slug);
  }
  const keys = objectKeysOf(user.userId);
  for (const Key of keys.files)
    await storage.send(new PutObjectCommand({ Bucket: stack.buckets.files, Key, Body: 'x' }));
  for (const Key of keys.media)
    await storage.send(new PutObjectCommand({ Bucket: stack.buckets.media, Key, Body: 'x' }));
  return { slugs };
}

async function keysUnder(bucket: string, prefix: string) {
  const res = await storage.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (res.Contents ?? []).map((o) => o.Key);
}

async function whatRemains(userId: string, slugs: string[]) {
  const todos = await db.send(
    new QueryCommand({
      TableName: table('todos'),
      KeyConditionExpression: 'userId = :u',
      ExpressionAttributeValues: { ':u': userId },
    }),
  );
  const posts = await db.send(
    new QueryCommand({
      TableName: table('posts'),
      IndexName: 'byAuthor',
      KeyConditionExpression: 'gsi1pk = :a',
      ExpressionAttributeValues: { ':a': `AUTHOR#${userId}` },
    }),
  );
  const slugRows = await Promise.all(
    slugs.map((slug) =>
      db.send(new GetCommand({ TableName: table('posts'), Key: { pk: `SLUG#${slug}`, sk: 'SLUG' } })),
    ),
  );
  const profile = await db.send(new GetCommand({ TableName: table('users'), Key: { userId } }));
  const objects = [
    ...(await keysUnder(stack.buckets.files, `private/${userId}/`)),
    ...(await keysUnder(stack.buckets.media, `uploads/${userId}/`)),
    ...(await keysUnder(stack.buckets.media, `thumbnails/${userId}/`)),
  ];
  return {
    todos: todos.Items?.length ?? 0,
    posts: posts.Items?.length ?? 0,
    slugs: slugRows.filter((r) => r.Item).length,
    profile: profile.Item ? 1 : 0,
    objects: objects.length,
  };
}

describe('DELETE /me', () => {
  let doomed: TestUser;
  let other: TestUser;
  let doomedSlugs: string[];
  let otherSlugs: string[];
  beforeAll(async () => {
    [doomed, other] = await Promise.all([createUser(stack), createUser(stack)]);
    doomedSlugs = (await seed(doomed)).slugs;
    otherSlugs = (await seed(other)).slugs;
  });

  it('needs a token', async () => {
    expect((await apiClient(stack)('DELETE', '/me')).status).toBe(401);
  });

  it('leaves no row, no object and no Cognito user behind; the other user keeps everything', async () => {
    expect(await whatRemains(doomed.userId, doomedSlugs)).toEqual({
      todos: 3,
      posts: 2,
      slugs: 2,
      profile: 1,
      objects: 4,
    });

    const res = await apiClient(stack, doomed.accessToken)('DELETE', '/me');
    expect(res.status, res.text).toBe(204);

    expect(await whatRemains(doomed.userId, doomedSlugs)).toEqual({
      todos: 0,
      posts: 0,
      slugs: 0,
      profile: 0,
      objects: 0,
    });
    await expect(
      cognitoClient(stack).send(
        new AdminGetUserCommand({ UserPoolId: stack.userPoolId, Username: doomed.email }),
      ),
    ).rejects.toMatchObject({ name: 'UserNotFoundException' });
    // The welcome email's idempotency record (if the email went out) expires by TTL once the
    // stream can no longer replay the INSERT: a replay must not email a deleted user.
    const welcome = await db.send(
      new GetCommand({ TableName: table('idempotency'), Key: { id: welcomeEmailRecordKey(doomed.userId) } }),
    );
    if (welcome.Item) {
      expect(Number(welcome.Item.expiresAt)).toBeLessThanOrEqual(Date.now() / 1000 + 25 * 3600 + 60);
    }

    expect(await whatRemains(other.userId, otherSlugs)).toEqual({
      todos: 3,
      posts: 2,
      slugs: 2,
      profile: 1,
      objects: 4,
    });
    expect((await apiClient(stack, other.accessToken)('GET', '/todos')).status).toBe(200);
  });

  it('the deleted user can no longer sign in', async () => {
    const { signIn } = await import('../support/users');
    await expect(signIn(stack, doomed.email, doomed.password)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });
});
