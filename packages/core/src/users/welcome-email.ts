import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import type { EmailSender, OutgoingEmail } from './email-sender';
import { defaultDisplayName } from './profile';

export const APP_NAME = 'MyTodoList + MyBlog';

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
  sender: EmailSender;
  settings: WelcomeEmailSettings;
}

/** Sends the welcome email (every call sends: see `welcomeEmailOnce`). */
export async function sendWelcomeEmail(
  deps: WelcomeEmailDeps,
  recipient: WelcomeRecipient,
): Promise<{ messageId: string }> {
  return deps.sender.send(composeWelcomeEmail(recipient, deps.settings));
}

/** Idempotency records of welcome emails are `welcome#<hash of the user id>`. */
export const WELCOME_EMAIL_KEY_PREFIX = 'welcome';

/**
 * How long a sent email is remembered: far longer than anything can redeliver its stream record
 * (24-hour stream retention, 3 retries), so a replay or a re-created event source mapping sends nothing.
 */
export const WELCOME_EMAIL_RECORD_SECONDS = 400 * 24 * 60 * 60;

/**
 * `sendWelcomeEmail` at most once per user id, whatever the number of deliveries (Powertools
 * Idempotency over `persistence`, the idempotency table in AWS): the first call records the user as
 * in progress, sends, then records it completed; later calls return the first result without
 * sending. A failed send deletes the record, so a retry sends. A concurrent call while the first
 * is in progress throws `IdempotencyAlreadyInProgressError` (the record fails and is retried). An
 * invocation that dies mid-send blocks the key until its Lambda timeout passes (the in-progress
 * expiry, taken from the context). The one window left: a crash after SES accepted the email and
 * before the record is completed lets a retry resend — at least once there, never silently lost.
 */
export function welcomeEmailOnce(deps: WelcomeEmailDeps & { persistence: BasePersistenceLayer }) {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'userId',
    expiresAfterSeconds: WELCOME_EMAIL_RECORD_SECONDS,
    throwOnNoIdempotencyKey: true,
  });
  const once = makeIdempotent((recipient: WelcomeRecipient) => sendWelcomeEmail(deps, recipient), {
    persistenceStore: deps.persistence,
    config,
    keyPrefix: WELCOME_EMAIL_KEY_PREFIX,
  });
  return (recipient: WelcomeRecipient, context?: Context): Promise<{ messageId: string }> => {
    if (context) config.registerLambdaContext(context);
    return once(recipient);
  };
}
