import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { EmailSender, OutgoingEmail } from './email-sender';
import { InMemoryIdempotencyStore } from './in-memory-idempotency-store';
import {
  composeWelcomeEmail,
  PoisonRecordError,
  sendWelcomeEmailOnce,
  WelcomeEmailInProgressError,
  welcomeEmailKey,
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

describe('sendWelcomeEmailOnce', () => {
  it('sends once, then reports already_sent however often the record comes back', async () => {
    const store = new InMemoryIdempotencyStore();
    const outbox = new FakeOutbox();
    const deps = { store, sender: outbox, settings };
    expect(await sendWelcomeEmailOnce(deps, recipient)).toMatchObject({ outcome: 'sent', recorded: true });
    expect(await sendWelcomeEmailOnce(deps, recipient)).toEqual({ outcome: 'already_sent' });
    expect(await sendWelcomeEmailOnce(deps, recipient)).toEqual({ outcome: 'already_sent' });
    expect(outbox.sent).toHaveLength(1);
    expect(store.items.get(welcomeEmailKey('u-1'))).toMatchObject({
      status: 'done',
      details: { messageId: 'msg-1' },
    });
  });

  it('a failed send releases the claim, so the retry sends (exactly one email in the end)', async () => {
    const store = new InMemoryIdempotencyStore();
    const outbox = new FakeOutbox();
    outbox.failNext = 1;
    const deps = { store, sender: outbox, settings };
    await expect(sendWelcomeEmailOnce(deps, recipient)).rejects.toThrow('bad day');
    expect(store.items.has(welcomeEmailKey('u-1'))).toBe(false);
    expect(await sendWelcomeEmailOnce(deps, recipient)).toMatchObject({ outcome: 'sent' });
    expect(await sendWelcomeEmailOnce(deps, recipient)).toEqual({ outcome: 'already_sent' });
    expect(outbox.sent).toHaveLength(1);
  });

  it('a concurrent delivery finds the claim in progress and fails (to be retried), without sending', async () => {
    const store = new InMemoryIdempotencyStore();
    const outbox = new FakeOutbox();
    let open: () => void = () => undefined;
    outbox.gate = new Promise<void>((r) => {
      open = r;
    });
    const deps = { store, sender: outbox, settings };
    const first = sendWelcomeEmailOnce(deps, recipient);
    await expect(sendWelcomeEmailOnce(deps, recipient)).rejects.toThrow(WelcomeEmailInProgressError);
    open();
    await expect(first).resolves.toMatchObject({ outcome: 'sent' });
    expect(await sendWelcomeEmailOnce(deps, recipient)).toEqual({ outcome: 'already_sent' });
    expect(outbox.sent).toHaveLength(1);
  });

  it('a claim abandoned by a crashed invocation can be taken again once its lease expires', async () => {
    let now = 1_000_000;
    const store = new InMemoryIdempotencyStore(() => now);
    const outbox = new FakeOutbox();
    const deps = { store, sender: outbox, settings, leaseMs: 60_000 };
    // A crashed invocation: it claimed and never completed nor released.
    await store.claim(welcomeEmailKey('u-1'), 60_000);
    await expect(sendWelcomeEmailOnce(deps, recipient)).rejects.toThrow(WelcomeEmailInProgressError);
    now += 60_001;
    expect(await sendWelcomeEmailOnce(deps, recipient)).toMatchObject({ outcome: 'sent', recorded: true });
    expect(outbox.sent).toHaveLength(1);
  });

  it('different users each get their own email', async () => {
    const store = new InMemoryIdempotencyStore();
    const outbox = new FakeOutbox();
    const deps = { store, sender: outbox, settings };
    await Promise.all(
      ['a', 'b', 'c'].map((id) =>
        sendWelcomeEmailOnce(deps, { userId: id, email: `${id}@example.com`, displayName: id }),
      ),
    );
    expect(outbox.sent.map((e) => e.to).sort()).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
  });
});
