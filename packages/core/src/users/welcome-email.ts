import type { DynamoDBRecord } from 'aws-lambda';
import type { EmailSender, OutgoingEmail } from './email-sender';
import type { IdempotencyStore } from './idempotency-store';
import { defaultDisplayName } from './profile';

export const APP_NAME = 'MyTodoList + MyBlog';

/** Longer than one send can take (SES timeout × attempts), so a live sender never loses its lease. */
export const WELCOME_LEASE_MS = 60_000;

/** Where the welcome email links to and who it is from (APP_URL, MAIL_FROM). */
export interface WelcomeEmailSettings {
  appUrl: string;
  from: string;
}

export interface WelcomeRecipient {
  userId: string;
  email: string;
  displayName: string;
}

/** A stream record that can never succeed (e.g. a profile without an email): it fails alone, without retries helping. */
export class PoisonRecordError extends Error {
  override readonly name = 'PoisonRecordError';
}

/** Another invocation holds the claim for this user's email right now: retry later. */
export class WelcomeEmailInProgressError extends Error {
  override readonly name = 'WelcomeEmailInProgressError';
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The recipient of a users-table INSERT (NEW_IMAGE); `undefined` for other events (the event source
 * filter already drops them). Throws PoisonRecordError when the new row lacks a user id or email.
 */
export function welcomeRecipientFromStreamRecord(record: DynamoDBRecord): WelcomeRecipient | undefined {
  if (record.eventName !== 'INSERT') return undefined;
  const image = record.dynamodb?.NewImage;
  if (!image) throw new PoisonRecordError('Stream record has no NewImage (the stream must be NEW_IMAGE)');
  const userId = image.userId?.S;
  const email = image.email?.S?.trim();
  if (!userId) throw new PoisonRecordError('New users-table row has no userId');
  if (!email || !EMAIL.test(email)) throw new PoisonRecordError(`New profile ${userId} has no valid email`);
  const displayName = defaultDisplayName(email, image.displayName?.S);
  return { userId, email, displayName };
}

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** The welcome email: subject with "Welcome", plain text and HTML, the user's name, links into the app. */
export function composeWelcomeEmail(
  recipient: WelcomeRecipient,
  settings: WelcomeEmailSettings,
): OutgoingEmail {
  const base = settings.appUrl.replace(/\/+$/, '');
  const links = [
    { label: 'Open your todo list', href: `${base}/todos` },
    { label: 'Read and write on the blog', href: `${base}/blog` },
    { label: 'Choose how your name appears', href: `${base}/profile` },
  ];
  const name = recipient.displayName;
  const text = [
    `Hi ${name},`,
    '',
    `Welcome to ${APP_NAME}! Your account is ready.`,
    '',
    ...links.map((l) => `- ${l.label}: ${l.href}`),
    '',
    `Start here: ${base}/`,
    '',
    `The ${APP_NAME} team`,
  ].join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Welcome to ${escapeHtml(APP_NAME)}</title></head>
<body style="margin:0;padding:24px;background:#f6f7f9;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328">
<div style="max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:32px">
<h1 style="font-size:22px;margin:0 0 16px">Welcome, ${escapeHtml(name)}!</h1>
<p style="line-height:1.5">Your ${escapeHtml(APP_NAME)} account is ready.</p>
<ul style="line-height:1.8;padding-left:20px">
${links.map((l) => `<li><a href="${escapeHtml(l.href)}" style="color:#0b57d0">${escapeHtml(l.label)}</a></li>`).join('\n')}
</ul>
<p style="margin:24px 0"><a href="${escapeHtml(`${base}/`)}" style="display:inline-block;background:#0b57d0;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">Start here</a></p>
<p style="color:#57606a;font-size:13px">The ${escapeHtml(APP_NAME)} team</p>
</div></body></html>`;
  return {
    from: settings.from,
    to: recipient.email,
    subject: `Welcome to ${APP_NAME}, ${name}`,
    text,
    html,
  };
}

export interface WelcomeEmailDeps {
  store: IdempotencyStore;
  sender: EmailSender;
  settings: WelcomeEmailSettings;
  leaseMs?: number;
}

export const welcomeEmailKey = (userId: string) => `welcome#${userId}`;

/**
 * Sends the user's welcome email at most once, whatever the number of deliveries: claim
 * `welcome#<userId>` → send → mark done. A failed send releases the claim (a retry sends);
 * a concurrent holder makes this call throw WelcomeEmailInProgressError (a retry finds it done).
 * The one window left: a crash after SES accepted the email and before `complete` lets a retry
 * resend once the lease expires — at-least-once there, never silently lost.
 */
export async function sendWelcomeEmailOnce(
  deps: WelcomeEmailDeps,
  recipient: WelcomeRecipient,
): Promise<{ outcome: 'sent'; messageId: string; recorded: boolean } | { outcome: 'already_sent' }> {
  const key = welcomeEmailKey(recipient.userId);
  const claim = await deps.store.claim(key, deps.leaseMs ?? WELCOME_LEASE_MS);
  if (claim.outcome === 'done') return { outcome: 'already_sent' };
  if (claim.outcome === 'in_progress') {
    throw new WelcomeEmailInProgressError(
      `Welcome email for ${recipient.userId} is being sent by another invocation`,
    );
  }
  let messageId: string;
  try {
    ({ messageId } = await deps.sender.send(composeWelcomeEmail(recipient, deps.settings)));
  } catch (error) {
    // If even the release fails, the lease expiring makes the key claimable again.
    await deps.store.release(key, claim.token).catch(() => undefined);
    throw error;
  }
  const recorded = await deps.store.complete(key, claim.token, { messageId, email: recipient.email });
  return { outcome: 'sent', messageId, recorded };
}
