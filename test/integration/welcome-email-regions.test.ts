import { loadServerlessConfig } from '@app/local-stack/template';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiClient } from '../support/api';
import { filterRecords, type StreamConsumer, startStreamConsumer } from '../support/stream-consumer';
import { createUser } from '../support/users';

// A users row replicated to another region shows up in that region's stream too. What decides that
// it still sends one welcome email is the event source mapping's filter (`awsRegion` = the home
// region, serverless.yml), with Powertools Idempotency as the second guard. AWS sets a record's
// awsRegion to the region whose stream it was read from; DynamoDB Local writes "ddblocal", which the
// local stack's streams front replaces as AWS would. No second DynamoDB runs here: the "replica
// region" is a second consumer of the same stream, signed for eu-west-1 — which is what a stack in
// that region reading its replica's stream sees (same NewImage, its own awsRegion).

const stack = inject('stack');
const api = apiClient(stack);
const REPLICA_REGION = 'eu-west-1';
const functionName = `mytodolist-myblog-${stack.stage}-sendWelcomeEmail`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

async function welcomeEmailsTo(address: string): Promise<number> {
  const emails = (await (await fetch(`${stack.mailboxUrl}?to=${encodeURIComponent(address)}`)).json()) as {
    to: string[];
    subject: string;
  }[];
  return emails.filter((e) => e.to.includes(address) && e.subject.includes('Welcome')).length;
}

let filterPatterns: object[];
const consumers: StreamConsumer[] = [];

beforeAll(async () => {
  const config = await loadServerlessConfig('local', process.env);
  const events = config.functions.sendWelcomeEmail?.events as { stream?: { filterPatterns?: object[] } }[];
  filterPatterns = events.find((e) => e.stream)?.stream?.filterPatterns ?? [];
}, 120_000);

afterAll(() => {
  for (const consumer of consumers) consumer.stop();
});

describe('welcome email with the users table in more than one region', () => {
  it("the function's filter keeps INSERTs of the home region's stream only", () => {
    expect(filterPatterns).toEqual([{ eventName: ['INSERT'], awsRegion: [stack.region] }]);
    const record = (awsRegion: string, eventName = 'INSERT') => ({ eventName, awsRegion, dynamodb: {} });
    // The plugin's own matcher, the one the local poller applies.
    expect(filterRecords(filterPatterns, [record(stack.region)])).toHaveLength(1);
    expect(filterRecords(filterPatterns, [record(REPLICA_REGION)])).toHaveLength(0);
    expect(filterRecords(filterPatterns, [record(stack.region, 'MODIFY')])).toHaveLength(0);
  });

  it("a replica region's consumer delivers nothing; one email each; without the filter the idempotency record still keeps it at one", async () => {
    const ours = new Set<string>();
    const isOurs = (r: DynamoDBRecord) => ours.has(r.dynamodb?.Keys?.userId?.S ?? '');
    // The replica region's event source mapping, as deployed (the same filterPatterns).
    const replica = await startStreamConsumer({
      stack,
      region: REPLICA_REGION,
      tableName: stack.tables.users as string,
      functionName,
      filterPatterns,
      forward: isOurs,
    });
    // The same mapping without the region clause: what the filter is there to stop.
    const unfiltered = await startStreamConsumer({
      stack,
      region: REPLICA_REGION,
      tableName: stack.tables.users as string,
      functionName,
      filterPatterns: [{ eventName: ['INSERT'] }],
      forward: isOurs,
    });
    consumers.push(replica, unfiltered);

    const users = await Promise.all([1, 2].map(() => createUser(stack)));
    for (const user of users) ours.add(user.userId);
    // The profile row (the INSERT) exists: sign-up confirmation creates it, or else the first GET /me.
    for (const user of users) expect((await api('GET', '/me', { token: user.accessToken })).status).toBe(200);

    // The home region's consumer (the stack's own poller): one email each.
    for (const user of users)
      await until(`the welcome email to ${user.email}`, async () => (await welcomeEmailsTo(user.email)) >= 1);

    // The unfiltered consumer got both replicated INSERTs (awsRegion eu-west-1) and ran the function…
    const replicated = await until('the replicated INSERTs at the unfiltered consumer', () => {
      const records = unfiltered.delivered.filter(isOurs);
      return records.length >= users.length ? records : undefined;
    });
    expect(replicated.map((r) => [r.eventName, r.awsRegion])).toEqual(
      users.map(() => ['INSERT', REPLICA_REGION]),
    );
    // …and the filtered one read past them (its checkpoint moved) and delivered none.
    const last = replicated
      .map((r) => r.dynamodb?.SequenceNumber as string)
      .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))
      .at(-1) as string;
    await until('the replica consumer to read past the INSERTs', () => replica.hasRead(last));
    expect(replica.delivered).toEqual([]);
    // The unfiltered consumer's invocations have returned (its checkpoint moves after the handler).
    await until('the unfiltered consumer to finish its invocations', () => unfiltered.hasRead(last));

    // Still exactly one email each: the unfiltered delivery was stopped by the idempotency record.
    for (const user of users) expect(await welcomeEmailsTo(user.email)).toBe(1);
  });
});
