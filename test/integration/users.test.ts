import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiClient, expectAuthorizerRefusal } from '../support/api';
import { createUser, type TestUser, uniqueEmail } from '../support/users';

const stack = inject('stack');
const api = apiClient(stack);
const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint: stack.dynamodbEndpoint,
    region: stack.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  }),
);
const usersTable = stack.tables.users as string;

const profileRow = async (userId: string) =>
  (await db.send(new GetCommand({ TableName: usersTable, Key: { userId }, ConsistentRead: true }))).Item;

describe('profile creation', () => {
  it('confirming the sign-up creates the profile (Cognito PostConfirmation trigger), name attribute as display name', async () => {
    const user = await createUser(stack, { name: 'Ada Lovelace' });
    // No API call yet: the row can only come from the trigger.
    expect(await profileRow(user.userId)).toMatchObject({
      userId: user.userId,
      email: user.email,
      displayName: 'Ada Lovelace',
    });
    const res = await api('GET', '/me', { token: user.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      userId: user.userId,
      email: user.email,
      displayName: 'Ada Lovelace',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('without a name attribute the display name is the email local part', async () => {
    const email = uniqueEmail('grace');
    const user = await createUser(stack, { email });
    const res = await api('GET', '/me', { token: user.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email, displayName: email.split('@')[0] });
  });

  it('GET /me with an access token creates a missing profile from Cognito GetUser', async () => {
    const user = await createUser(stack, { name: 'Lazy Larry' });
    await db.send(new DeleteCommand({ TableName: usersTable, Key: { userId: user.userId } }));
    const res = await api('GET', '/me', { token: user.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: user.userId, email: user.email, displayName: 'Lazy Larry' });
    expect(await profileRow(user.userId)).toMatchObject({ email: user.email });
  });

  it('GET /me with an ID token creates a missing profile from the token claims', async () => {
    const user = await createUser(stack);
    await db.send(new DeleteCommand({ TableName: usersTable, Key: { userId: user.userId } }));
    const res = await api('GET', '/me', { token: user.idToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      userId: user.userId,
      email: user.email,
      displayName: user.email.split('@')[0],
    });
  });

  it('concurrent first calls still leave one profile with one createdAt', async () => {
    const user = await createUser(stack);
    await db.send(new DeleteCommand({ TableName: usersTable, Key: { userId: user.userId } }));
    const responses = await Promise.all(
      [1, 2, 3, 4].map(() => api('GET', '/me', { token: user.accessToken })),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(responses.map((r) => (r.body as { createdAt: string }).createdAt)).size).toBe(1);
  });
});

describe('GET /me', () => {
  it('401 without a token, from the JWT authorizer', async () => {
    expectAuthorizerRefusal(await api('GET', '/me'));
  });

  it('401 with a garbage token', async () => {
    expectAuthorizerRefusal(await api('GET', '/me', { token: 'not-a-jwt' }), /invalid_token/);
  });
});

describe('PATCH /me', () => {
  let user: TestUser;
  let other: TestUser;
  beforeAll(async () => {
    [user, other] = await Promise.all([createUser(stack), createUser(stack, { name: 'Other Person' })]);
  });

  it('401 without a token (nothing stored)', async () => {
    expectAuthorizerRefusal(await api('PATCH', '/me', { body: { displayName: 'Mallory' } }));
  });

  it.each([
    ['empty', { displayName: '' }],
    ['blank', { displayName: '   ' }],
    ['81 characters', { displayName: 'x'.repeat(81) }],
    ['not a string', { displayName: 7 }],
    ['missing', {}],
    ['an unknown key', { displayName: 'Ok', role: 'admin' }],
    ['a control character', { displayName: 'Bad\nName' }],
  ])('400 validation_failed for %s, and the profile is unchanged', async (_what, body) => {
    const before = (await api('GET', '/me', { token: user.accessToken })).body;
    const res = await api('PATCH', '/me', { token: user.accessToken, body });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'validation_failed', message: expect.any(String) } });
    expect((await api('GET', '/me', { token: user.accessToken })).body).toEqual(before);
  });

  it('400 invalid_json for a malformed body', async () => {
    const res = await api('PATCH', '/me', {
      token: user.accessToken,
      rawBody: '{"displayName": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'invalid_json' } });
  });

  it('413 for a huge body', async () => {
    const res = await api('PATCH', '/me', {
      token: user.accessToken,
      body: { displayName: 'x'.repeat(20_000) },
    });
    expect(res.status).toBe(413);
  });

  it('200 with the trimmed name, visible on the next GET, and only for the caller', async () => {
    const res = await api('PATCH', '/me', {
      token: user.accessToken,
      body: { displayName: '  Countess of Lovelace  ' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      userId: user.userId,
      email: user.email,
      displayName: 'Countess of Lovelace',
    });
    const again = await api('GET', '/me', { token: user.accessToken });
    expect(again.body).toMatchObject({ displayName: 'Countess of Lovelace' });
    expect((await api('GET', '/me', { token: other.accessToken })).body).toMatchObject({
      displayName: 'Other Person',
    });
  });

  it('accepts 80 characters, including non-ASCII, and the ID token', async () => {
    const name = 'Zoë'.repeat(26).concat('ab');
    expect([...name]).toHaveLength(80);
    const res = await api('PATCH', '/me', { token: user.idToken, body: { displayName: name } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ displayName: name });
  });
});
