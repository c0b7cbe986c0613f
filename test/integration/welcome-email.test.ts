import { createHash, randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, inject, it } from 'vitest';
import { apiClient } from '../support/api';
import * as mailbox from '../support/mailbox';
import { createUser, signIn, uniqueEmail } from '../support/users';

const stack = inject('stack');
const api = apiClient(stack);
const db = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint: stack.dynamodbEndpoint,
    region: stack.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  }),
);
const lambda = new LambdaClient({
  endpoint: stack.lambdaEndpoint,
  region: stack.region,
  // serverless-offline's Lambda endpoint does not check who invokes.
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const sendWelcomeEmailFunction = `mytodolist-myblog-${stack.stage}-sendWelcomeEmail`;

const welcomeEmailsTo = (address: string) => mailbox.welcomeEmailsTo(stack, address);
const waitForWelcome = (address: string, count?: number, timeoutMs?: number) =>
  mailbox.waitForWelcome(stack, address, count, timeoutMs);

let sequence = BigInt(Date.now()) * 1000n;
/** A users-table INSERT as DynamoDB Streams delivers it (NEW_IMAGE). */
function insertRecord(image: { userId: string; email?: string; displayName?: string }): DynamoDBRecord {
  sequence += 1n;
  const NewImage: Record<string, { S: string }> = {
    userId: { S: image.userId },
    createdAt: { S: new Date().toISOString() },
  };
  if (image.email) NewImage.email = { S: image.email };
  if (image.displayName) NewImage.displayName = { S: image.displayName };
  return {
    eventID: randomBytes(8).toString('hex'),
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: stack.region,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      Keys: { userId: { S: image.userId } },
      NewImage,
      SequenceNumber: sequence.toString(),
      SizeBytes: 100,
      StreamViewType: 'NEW_IMAGE',
    },
    eventSourceARN: `arn:aws:dynamodb:${stack.region}:000000000000:table/${stack.tables.users}/stream/test`,
  };
}

/** Invokes the stream handler directly on serverless-offline's Lambda port. */
async function invokeWelcomeHandler(event: DynamoDBStreamEvent) {
  const result = await lambda.send(
    new InvokeCommand({
      FunctionName: sendWelcomeEmailFunction,
      Payload: Buffer.from(JSON.stringify(event)),
    }),
  );
  const text = result.Payload ? Buffer.from(result.Payload).toString('utf8') : '';
  return {
    functionError: result.FunctionError,
    payload: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

const fakeUserId = () => `test-${randomBytes(8).toString('hex')}`;

describe('welcome email through the users-table stream (DynamoDB Stream → Lambda → SES)', () => {
  it('sign-up + confirmation → exactly one welcome email, still one after more sign-ins and GET /me', async () => {
    const user = await createUser(stack, { name: 'Ada Lovelace' });
    const [email, ...more] = await waitForWelcome(user.email);
    expect(more).toHaveLength(0);
    expect(email).toBeDefined();
    expect(email?.subject).toContain('Welcome');
    expect(email?.from).toMatch(/^no-reply@/);
    expect(email?.body).toContain('Ada Lovelace');
    expect(email?.html).toContain('Ada Lovelace');
    expect(email?.html).toContain(`href="${stack.webUrl}/`);

    const again = await signIn(stack, user.email, user.password);
    expect((await api('GET', '/me', { token: again.accessToken })).status).toBe(200);
    expect((await api('GET', '/me', { token: again.idToken })).status).toBe(200);
    await mailbox.usersStreamProcessed(stack);
    expect(await welcomeEmailsTo(user.email)).toHaveLength(1);
  });

  it('5 new users → exactly 5 welcome emails, one each', async () => {
    const users = await Promise.all([1, 2, 3, 4, 5].map(() => createUser(stack)));
    const perUser = await Promise.all(users.map((u) => waitForWelcome(u.email)));
    await mailbox.usersStreamProcessed(stack);
    const settled = await Promise.all(users.map((u) => welcomeEmailsTo(u.email)));
    expect(perUser.map((e) => e.length)).toEqual([1, 1, 1, 1, 1]);
    expect(settled.map((e) => e.length)).toEqual([1, 1, 1, 1, 1]);
  });

  it('a second INSERT for the same user (profile row deleted, then re-created by GET /me) sends nothing more', async () => {
    const user = await createUser(stack);
    expect(await waitForWelcome(user.email)).toHaveLength(1);
    await db.send(new DeleteCommand({ TableName: stack.tables.users, Key: { userId: user.userId } }));
    expect((await api('GET', '/me', { token: user.accessToken })).status).toBe(200);
    await mailbox.usersStreamProcessed(stack);
    expect(await welcomeEmailsTo(user.email)).toHaveLength(1);
  });

  it('the first attempt fails (SES fault injected by the local SES test control) → the stream retry sends exactly one', async () => {
    const address = `fail-once+${randomBytes(5).toString('hex')}@example.test`;
    const control = `${stack.sesEndpoint}/_test/fail-next-send?to=${encodeURIComponent(address)}`;
    expect((await fetch(control, { method: 'POST' })).status).toBe(200);
    const user = await createUser(stack, { email: address });
    const emails = await waitForWelcome(address);
    await mailbox.usersStreamProcessed(stack);
    expect(await welcomeEmailsTo(address)).toHaveLength(1);
    expect(emails).toHaveLength(1);
    // The fault did fire: the email came from a retry after a failed attempt.
    expect(await (await fetch(control)).json()).toMatchObject({ armed: false, fired: 1 });
    // Powertools Idempotency's record for this user is completed: `welcome#md5(JSON of the user id)`.
    const key = `welcome#${createHash('md5').update(JSON.stringify(user.userId)).digest('base64')}`;
    const record = await db.send(
      new GetCommand({ TableName: stack.tables.idempotency, Key: { id: key }, ConsistentRead: true }),
    );
    expect(record.Item).toMatchObject({ status: 'COMPLETED' });
  });
});

describe('the stream handler invoked directly (redelivery, concurrency, poison records)', () => {
  it('the same record delivered twice, then twice at once → one email', async () => {
    const address = uniqueEmail('direct');
    const event = {
      Records: [insertRecord({ userId: fakeUserId(), email: address, displayName: 'Direct Dora' })],
    };
    expect((await invokeWelcomeHandler(event)).payload).toEqual({ batchItemFailures: [] });
    expect((await invokeWelcomeHandler(event)).payload).toEqual({ batchItemFailures: [] });
    // Each invocation answers after its handler has finished (SES answered or the record was a
    // no-op), so once all have returned, every email they could send is in the mailbox.
    await Promise.all([invokeWelcomeHandler(event), invokeWelcomeHandler(event)]);
    const emails = await welcomeEmailsTo(address);
    expect(emails).toHaveLength(1);
    expect(emails[0]?.subject).toContain('Direct Dora');
  });

  it('concurrent first deliveries of a new record → one email; the loser is reported failed, its retry is a no-op', async () => {
    const address = uniqueEmail('race');
    const event = { Records: [insertRecord({ userId: fakeUserId(), email: address })] };
    // All three have returned: whatever they sent is in the mailbox.
    const results = await Promise.all([1, 2, 3].map(() => invokeWelcomeHandler(event)));
    expect(await welcomeEmailsTo(address)).toHaveLength(1);
    // Whatever interleaving happened, a redelivery now finds the email sent.
    expect((await invokeWelcomeHandler(event)).payload).toEqual({ batchItemFailures: [] });
    expect(results).toHaveLength(3);
    expect(await welcomeEmailsTo(address)).toHaveLength(1);
  });

  it('a poison record in a batch: the good ones are sent, only the poison one is in batchItemFailures', async () => {
    const good = [uniqueEmail('good'), uniqueEmail('good'), uniqueEmail('good')];
    const poison = insertRecord({ userId: fakeUserId() }); // a profile row without an email
    const records = [insertRecord({ userId: fakeUserId(), email: good[0] }), poison];
    records.push(
      insertRecord({ userId: fakeUserId(), email: good[1] }),
      insertRecord({ userId: fakeUserId(), email: good[2] }),
    );
    const { payload, functionError } = await invokeWelcomeHandler({ Records: records });
    expect(functionError).toBeUndefined();
    expect(payload).toEqual({ batchItemFailures: [{ itemIdentifier: poison.dynamodb?.SequenceNumber }] });
    const emails = await Promise.all(good.map((a) => waitForWelcome(a, 1, 5_000)));
    expect(emails.map((e) => e.length)).toEqual([1, 1, 1]);
  });

  it('a batch of only poison records is a function error (the whole batch is retried, then dead-lettered)', async () => {
    const { payload } = await invokeWelcomeHandler({
      Records: [insertRecord({ userId: fakeUserId(), email: 'not-an-email' })],
    });
    expect(JSON.stringify(payload)).toMatch(/failed processing/i);
  });
});
