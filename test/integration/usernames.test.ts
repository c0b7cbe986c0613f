import { SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, inject, it } from 'vitest';
import { usersStreamProcessed, waitForWelcome, welcomeEmailsTo } from '../support/mailbox';
import { cognitoClient, createUser, signIn, uniqueEmail } from '../support/users';

/**
 * The user pool is `UsernameConfiguration.CaseSensitive: false` in serverless.yml: locally as in AWS,
 * `USER@EXAMPLE.COM` is the same user as `user@example.com` (issue 11).
 */
const stack = inject('stack');

describe('case-insensitive usernames', () => {
  it('USER@… signs in as user@…, cannot sign up again, and gets no second welcome email', async () => {
    const email = uniqueEmail('case');
    const password = 'Correct-Horse-9';
    const user = await createUser(stack, { email, password });
    expect(await waitForWelcome(stack, email, 1, 20_000)).toHaveLength(1);

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
    // A second account would have been welcomed through the users stream: once the stream is
    // processed past this point, still exactly one.
    await usersStreamProcessed(stack);
    expect(await welcomeEmailsTo(stack, email)).toHaveLength(1);
  });
});
