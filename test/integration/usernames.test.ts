import { SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, inject, it } from 'vitest';
import { cognitoClient, createUser, signIn, uniqueEmail } from '../support/users';

/**
 * The user pool is `UsernameConfiguration.CaseSensitive: false` in serverless.yml: locally as in AWS,
 * `USER@EXAMPLE.COM` is the same user as `user@example.com` (issue 11).
 */
const stack = inject('stack');

async function welcomeCount(address: string): Promise<number> {
  const response = await fetch(`${stack.mailboxUrl}?to=${encodeURIComponent(address)}`);
  const emails = (await response.json()) as { to: string[]; subject: string }[];
  return emails.filter((e) => e.to.some((t) => t.toLowerCase() === address) && e.subject.includes('Welcome'))
    .length;
}

async function waitForCount(address: string, atLeast: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const count = await welcomeCount(address);
    if (count >= atLeast || Date.now() > deadline) return count;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('case-insensitive usernames', () => {
  it('USER@… signs in as user@…, cannot sign up again, and gets no second welcome email', async () => {
    const email = uniqueEmail('case');
    const password = 'Correct-Horse-9';
    const user = await createUser(stack, { email, password });
    expect(await waitForCount(email, 1, 20_000)).toBe(1);

    const upper = email.toUpperCase();
    const again = await signIn(stack, upper, password);
    expect(again.userId).toBe(user.userId);

    await expect(
      cognitoClient(stack).send(
        new SignUpCommand({
          ClientId: stack.userPoolClientId,
          Username: upper,
          Password: password,
          UserAttributes: [{ Name: 'email', Value: upper }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'UsernameExistsException' });
    // A second account would have been welcomed within seconds; wait for one, expect none.
    expect(await waitForCount(email, 2, 8_000)).toBe(1);
  });
});
