import { IdempotencyAlreadyInProgressError } from '@aws-lambda-powertools/idempotency';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InMemoryPersistenceLayer } from '../testing';
import type { EmailSender, OutgoingEmail } from './email-sender';
import {
  composeWelcomeEmail,
  PoisonRecordError,
  welcomeEmailOnce,
  welcomeRecipientFromStreamRecord,
} from './welcome-email';

/** An outbox that can be told to fail its next sends, or to hold a send until released. */
class FakeOutbox implements EmailSender {
  readonly sent: OutgoingEmail[] = [];
  failNext = 0;
  gate?: Promise<void>;

  async send(email: OutgoingEmail) {
    if (this.gate) await this.gate;
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('SES is having a bad day');
    }
    this.sent.push(email);
    return { messageId: `msg-${this.sent.length}` };
  }
}

const settings = { appUrl: 'https://app.example.com/', from: 'no-reply@example.com' };
const recipient = { userId: 'u-1', email: 'ada@example.com', displayName: 'Ada <Lovelace>' };

function streamRecord(
  image: Record<string, string | undefined>,
  eventName: DynamoDBRecord['eventName'] = 'INSERT',
): DynamoDBRecord {
  const NewImage: Record<string, { S: string }> = {};
  for (const [k, v] of Object.entries(image)) if (v !== undefined) NewImage[k] = { S: v };
  return {
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: { userId: { S: image.userId ?? '' } },
      NewImage,
      SequenceNumber: '1',
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

describe('welcomeRecipientFromStreamRecord', () => {
  it('reads the recipient from an INSERT NEW_IMAGE', () => {
    const r = welcomeRecipientFromStreamRecord(
      streamRecord({ userId: 'u-1', email: 'ada@example.com', displayName: 'Ada' }),
    );
    expect(r).toEqual({ userId: 'u-1', email: 'ada@example.com', displayName: 'Ada' });
  });

  it('falls back to the email local part when the row has no display name', () => {
    const r = welcomeRecipientFromStreamRecord(
      streamRecord({ userId: 'u-1', email: 'grace.hopper@example.com' }),
    );
    expect(r?.displayName).toBe('grace.hopper');
  });

  it('ignores MODIFY and REMOVE', () => {
    expect(
      welcomeRecipientFromStreamRecord(streamRecord({ userId: 'u', email: 'a@b.co' }, 'MODIFY')),
    ).toBeUndefined();
    expect(
      welcomeRecipientFromStreamRecord(streamRecord({ userId: 'u', email: 'a@b.co' }, 'REMOVE')),
    ).toBeUndefined();
  });

  it('a row without email, with a bad email or without userId is poison', () => {
    expect(() => welcomeRecipientFromStreamRecord(streamRecord({ userId: 'u-1' }))).toThrow(
      PoisonRecordError,
    );
    expect(() =>
      welcomeRecipientFromStreamRecord(streamRecord({ userId: 'u-1', email: 'not an email' })),
    ).toThrow(PoisonRecordError);
    expect(() => welcomeRecipientFromStreamRecord(streamRecord({ email: 'a@b.co' }))).toThrow(
      PoisonRecordError,
    );
  });
});

describe('composeWelcomeEmail', () => {
  const email = composeWelcomeEmail(recipient, settings);

  it('is from MAIL_FROM to the user, with "Welcome" and the name in the subject', () => {
    expect(email.from).toBe('no-reply@example.com');
    expect(email.to).toBe('ada@example.com');
    expect(email.subject).toContain('Welcome');
    expect(email.subject).toContain('Ada <Lovelace>');
  });

  it('has a text part and an HTML part with the name (escaped in HTML) and links to APP_URL', () => {
    expect(email.text).toContain('Hi Ada <Lovelace>,');
    expect(email.text).toContain('https://app.example.com/todos');
    expect(email.html).toContain('Ada &lt;Lovelace&gt;');
    expect(email.html).not.toContain('<Lovelace>');
    expect(email.html).toContain('href="https://app.example.com/blog"');
    expect(email.html).not.toContain('.com//');
  });
});

/** A Lambda context with `ms` left: Powertools makes it the in-progress expiry of a record. */
const lambdaContext = (ms = 60_000) => ({ getRemainingTimeInMillis: () => ms }) as unknown as Context;

describe('welcomeEmailOnce (Powertools Idempotency)', () => {
  afterEach(() => vi.useRealTimers());

  function setup() {
    const persistence = new InMemoryPersistenceLayer();
    const outbox = new FakeOutbox();
    const send = welcomeEmailOnce({ persistence, sender: outbox, settings });
    return { persistence, outbox, send: (r = recipient) => send(r, lambdaContext()) };
  }

  it('sends once, then returns the first result however often the record comes back', async () => {
    const { persistence, outbox, send } = setup();
    expect(await send()).toEqual({ messageId: 'msg-1' });
    expect(await send()).toEqual({ messageId: 'msg-1' });
    expect(await send()).toEqual({ messageId: 'msg-1' });
    expect(outbox.sent).toHaveLength(1);
    const [record] = [...persistence.records.values()];
    expect(record?.idempotencyKey).toMatch(/^welcome#/);
    expect(record?.getStatus()).toBe('COMPLETED');
    expect(record?.responseData).toEqual({ messageId: 'msg-1' });
  });

  it('a failed send deletes the record, so the retry sends (exactly one email in the end)', async () => {
    const { persistence, outbox, send } = setup();
    outbox.failNext = 1;
    await expect(send()).rejects.toThrow('bad day');
    expect(persistence.records.size).toBe(0);
    expect(await send()).toEqual({ messageId: 'msg-1' });
    expect(await send()).toEqual({ messageId: 'msg-1' });
    expect(outbox.sent).toHaveLength(1);
  });

  it('a concurrent delivery finds the record in progress and fails (to be retried), without sending', async () => {
    const { outbox, send } = setup();
    let open: () => void = () => undefined;
    outbox.gate = new Promise<void>((r) => {
      open = r;
    });
    const first = send();
    await expect(send()).rejects.toThrow(IdempotencyAlreadyInProgressError);
    open();
    await expect(first).resolves.toEqual({ messageId: 'msg-1' });
    expect(await send()).toEqual({ messageId: 'msg-1' });
    expect(outbox.sent).toHaveLength(1);
  });

  it('a record left in progress by a crashed invocation can be taken again once its Lambda time is up', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] });
    const { persistence, outbox, send } = setup();
    // A crashed invocation: it recorded "in progress" with 60 s left and never completed nor deleted it.
    const crashed = welcomeEmailOnce({
      persistence,
      sender: { send: () => new Promise(() => {}) },
      settings,
    });
    void crashed(recipient, lambdaContext(60_000));
    await vi.waitFor(() => expect(persistence.records.size).toBe(1));
    await expect(send()).rejects.toThrow(IdempotencyAlreadyInProgressError);
    vi.setSystemTime(1_000_000 + 60_001);
    expect(await send()).toEqual({ messageId: 'msg-1' });
    expect(outbox.sent).toHaveLength(1);
  });

  it('different users each get their own email', async () => {
    const { outbox, send } = setup();
    await Promise.all(
      ['a', 'b', 'c'].map((id) => send({ userId: id, email: `${id}@example.com`, displayName: id })),
    );
    expect(outbox.sent.map((e) => e.to).sort()).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
  });
});
