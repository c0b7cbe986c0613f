import { InMemoryPersistenceLayer } from '@app/core/testing';
import { type EmailSender, type OutgoingEmail, welcomeEmailOnce } from '@app/core/users';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';

// The module builds its AWS clients from config at import; give it a config (no network is used).
vi.stubEnv('STAGE', 'test');
vi.stubEnv('USERS_TABLE', 'users');
vi.stubEnv('IDEMPOTENCY_TABLE', 'idempotency');
vi.stubEnv('APP_URL', 'https://app.example.com');
vi.stubEnv('MAIL_FROM', 'no-reply@example.com');
vi.stubEnv('TODOS_TABLE', 'todos');
vi.stubEnv('POSTS_TABLE', 'posts');
vi.stubEnv('FILES_BUCKET', 'files');
vi.stubEnv('MEDIA_BUCKET', 'media');
vi.stubEnv('AWS_REGION', 'us-east-1');
vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');

let sendWelcomeEmails: typeof import('./send-welcome-email').sendWelcomeEmails;
beforeAll(async () => {
  ({ sendWelcomeEmails } = await import('./send-welcome-email'));
});

const settings = { appUrl: 'https://app.example.com', from: 'no-reply@example.com' };

/** The stream handler over an outbox and in-memory idempotency records (no DynamoDB in unit tests). */
const handlerFor = (sender: EmailSender) =>
  sendWelcomeEmails(welcomeEmailOnce({ persistence: new InMemoryPersistenceLayer(), sender, settings }));

class Outbox implements EmailSender {
  readonly sent: OutgoingEmail[] = [];
  async send(email: OutgoingEmail) {
    this.sent.push(email);
    return { messageId: `m${this.sent.length}` };
  }
}

let seq = 0;
function insert(userId: string, email?: string): DynamoDBRecord {
  seq += 1;
  return {
    eventID: `e${seq}`,
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: { userId: { S: userId } },
      NewImage: {
        userId: { S: userId },
        ...(email ? { email: { S: email } } : {}),
        displayName: { S: userId },
      },
      SequenceNumber: String(1000 + seq),
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

describe('sendWelcomeEmails (stream handler)', () => {
  it('a poison record fails alone: the others are sent and only it is in batchItemFailures', async () => {
    const outbox = new Outbox();
    const handler = handlerFor(outbox);
    const poison = insert('no-email');
    const event: DynamoDBStreamEvent = {
      Records: [insert('a', 'a@example.com'), poison, insert('b', 'b@example.com')],
    };
    const response = await handler(event);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: poison.dynamodb?.SequenceNumber }] });
    expect(outbox.sent.map((e) => e.to).sort()).toEqual(['a@example.com', 'b@example.com']);
  });

  it('the same batch delivered again sends nothing more', async () => {
    const outbox = new Outbox();
    const handler = handlerFor(outbox);
    const event: DynamoDBStreamEvent = {
      Records: [insert('c', 'c@example.com'), insert('d', 'd@example.com')],
    };
    expect(await handler(event)).toEqual({ batchItemFailures: [] });
    expect(await handler(event)).toEqual({ batchItemFailures: [] });
    expect(outbox.sent).toHaveLength(2);
  });

  it('two INSERTs of one user in one batch (row deleted and re-created): one email, no spurious failure', async () => {
    const outbox = new Outbox();
    const handler = handlerFor(outbox);
    const event = {
      Records: [
        insert('twice', 'twice@example.com'),
        insert('other', 'other@example.com'),
        insert('twice', 'twice@example.com'),
      ],
    };
    expect(await handler(event)).toEqual({ batchItemFailures: [] });
    expect(outbox.sent.map((e) => e.to).sort()).toEqual(['other@example.com', 'twice@example.com']);
  });

  it('a batch where every record fails throws (a function error: the whole batch is retried)', async () => {
    const handler = handlerFor(new Outbox());
    await expect(handler({ Records: [insert('x')] })).rejects.toThrow();
  });
});
