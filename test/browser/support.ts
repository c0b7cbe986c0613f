import { randomBytes } from 'node:crypto';
import type { StackInfo } from '@app/local-stack';

export const PASSWORD = 'Correct-Horse-9';

export function uniqueEmail(prefix: string) {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.test`;
}

interface MailboxEmail {
  to: string[];
  subject: string;
  body: string;
  sentAt: string;
}

/** The 6-digit code of the newest confirmation email to `email` in the local mailbox. */
export async function confirmationCode(stack: StackInfo, email: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const url = `${stack.mailboxUrl}?to=${encodeURIComponent(email)}`;
  while (Date.now() < deadline) {
    const response = await fetch(url);
    if (response.ok) {
      const emails = (await response.json()) as MailboxEmail[];
      for (const e of [...emails].reverse()) {
        const code = /\b(\d{6})\b/.exec(e.body)?.[1];
        if (code && !/welcome/i.test(e.subject)) return code;
      }
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no confirmation code for ${email} in ${url} within ${timeoutMs} ms`);
}
