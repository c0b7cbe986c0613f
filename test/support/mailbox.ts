import { randomBytes } from 'node:crypto';
import type { StackInfo } from '@app/local-stack';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

/** An email as the local SES mailbox lists it. */
export interface MailboxEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  body: string;
  html?: string;
  sentAt: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Welcome emails sent to exactly this address (the mailbox's `?to=` filter matches substrings). */
export async function welcomeEmailsTo(stack: StackInfo, address: string): Promise<MailboxEmail[]> {
  const response = await fetch(`${stack.mailboxUrl}?to=${encodeURIComponent(address)}`);
  if (response.status !== 200) throw new Error(`mailbox answered ${response.status}`);
  const emails = (await response.json()) as MailboxEmail[];
  return emails.filter(
    (e) => e.to.some((t) => t.toLowerCase() === address.toLowerCase()) && e.subject.includes('Welcome'),
  );
}

/** Polls until `count` welcome emails reached `address` (or the time is up), then returns what is there. */
export async function waitForWelcome(
  stack: StackInfo,
  address: string,
  count = 1,
  timeoutMs = 15_000,
): Promise<MailboxEmail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const emails = await welcomeEmailsTo(stack, address);
    if (emails.length >= count || Date.now() > deadline) return emails;
    await sleep(250);
  }
}

/**
 * Resolves once the users-table stream has been processed past everything written before the call,
 * so "no second welcome email" is a count, not a guess at timing: writes a marker profile row (a new
 * user, as the stream sees one) and waits for the marker's own welcome email. The stream poller reads
 * the table's stream in order and the handler takes a batch's records one after the other, so an
 * email that any earlier record (a duplicate INSERT, a retry) would cause has been sent by then.
 */
export async function usersStreamProcessed(stack: StackInfo, timeoutMs = 60_000): Promise<void> {
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.dynamodbEndpoint,
      region: stack.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const id = randomBytes(6).toString('hex');
  const email = `stream-marker+${id}@example.test`;
  try {
    await db.send(
      new PutCommand({
        TableName: stack.tables.users,
        Item: {
          userId: `marker-${id}`,
          email,
          displayName: 'Stream Marker',
          createdAt: new Date().toISOString(),
        },
      }),
    );
  } finally {
    db.destroy();
  }
  if ((await waitForWelcome(stack, email, 1, timeoutMs)).length === 0)
    throw new Error(`the users stream did not reach its marker (${email}) within ${timeoutMs} ms`);
}
