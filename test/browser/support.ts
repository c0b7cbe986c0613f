import type { StackInfo } from '@app/local-stack';
import { SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { cognitoClient } from '../support/users';

export { uniqueEmail } from '../support/users';

export const PASSWORD = 'Correct-Horse-9';

/** An account signed up but not confirmed yet: its confirmation code is in the local mailbox. */
export async function signUpUnconfirmed(stack: StackInfo, email: string): Promise<void> {
  await cognitoClient(stack).send(
    new SignUpCommand({
      ClientId: stack.userPoolClientId,
      Username: email,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: email }],
    }),
  );
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
