import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackInfo } from '@app/local-stack';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { apiClient } from '../support/api';
import { signIn as apiSignIn, cognitoClient, createUser } from '../support/users';
import { expectNoA11yViolations } from './axe';
import { expect as baseExpect, test } from './fixtures';
import { SignInPage } from './pages/auth-pages';
import { PASSWORD, uniqueEmail } from './support';

/** The local IdP's log entries (cognito.log) written after `from` lines. */
function idpEntries(stack: StackInfo, from = 0) {
  const lines = readFileSync(join(stack.logsDir, 'cognito.log'), 'utf8').split('\n');
  return {
    size: lines.length,
    entries: lines
      .slice(Math.max(0, from - 1))
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg?: string; authFlow?: string; clientId?: string }),
  };
}

async function signOut(page: Page) {
  await page.getByTestId('nav-signout').click();
  await expect(page.getByTestId('nav-signin')).toBeVisible();
}

interface MailboxEmail {
  to: string[];
  subject: string;
  body: string;
}

async function newestEmail(stack: StackInfo, to: string, subject: RegExp): Promise<MailboxEmail> {
  for (let i = 0; i < 40; i++) {
    const res = await fetch(`${stack.mailboxUrl}?to=${encodeURIComponent(to)}`);
    const found = ((await res.json()) as MailboxEmail[]).reverse().find((e) => subject.test(e.subject));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no email to ${to} with subject ${subject}`);
}

// Sign-in over SRP does real big-number math in the page, and the stack shares a small, busy
// machine: every wait is a condition with a generous bound, never a sleep.
test.describe.configure({ timeout: 420_000 });
const expect = baseExpect.configure({ timeout: 60_000 });

/**
 * The profile page with its account sections shown. On this loaded machine a cold local Lambda can
 * answer GET /me with a 503 now and then; the page then says so, and the test reloads, as a user
 * would (bounded).
 */
async function expectProfileReady(page: Page) {
  await expect(async () => {
    if (await page.getByText('Could not load your profile').isVisible()) await page.reload();
    await baseExpect(page.getByTestId('totp-status')).toBeVisible({ timeout: 30_000 });
  }).toPass({ timeout: 240_000 });
}

/** What DynamoDB and the user pool still hold for `userId` / `email`. */
async function leftovers(stack: StackInfo, userId: string, email: string) {
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.dynamodbEndpoint,
      region: stack.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const todos = await db.send(
    new QueryCommand({
      TableName: stack.tables.todos,
      KeyConditionExpression: 'userId = :u',
      ExpressionAttributeValues: { ':u': userId },
    }),
  );
  const profile = await db.send(new GetCommand({ TableName: stack.tables.users, Key: { userId } }));
  const cognitoUser = await cognitoClient(stack)
    .send(new AdminGetUserCommand({ UserPoolId: stack.userPoolId, Username: email }))
    .then(
      () => 'exists',
      (error: Error) => error.name,
    );
  return { todos: todos.Items?.length ?? 0, profile: profile.Item ? 'exists' : 'none', cognitoUser };
}

test('sign-in over SRP: protected pages say why, old banners go, the header shows the display name', async ({
  page,
  stack,
}) => {
  const user = await createUser(stack, { email: uniqueEmail('srp'), password: PASSWORD });

  await test.step('a protected page sends a signed-out visitor to sign in, saying why', async () => {
    await page.goto('/todos');
    await expect(page).toHaveURL(/\/signin\?next=%2Ftodos&reason=required/);
    await expect(page.getByTestId('signin-required')).toContainText('Please sign in to see that page');
    await expectNoA11yViolations(page, 'sign-in, sent from a protected page');
  });

  await test.step('after a wrong password the green "confirmed" banner is gone', async () => {
    await page.goto(`/signin?confirmed=1&email=${encodeURIComponent(user.email)}`);
    await expect(page.getByTestId('signin-confirmed')).toBeVisible();
    await new SignInPage(page).signIn(user.email, 'Wrong-Horse-9');
    await expect(page.getByTestId('signin-error')).toContainText('Incorrect email or password');
    await expect(page.getByTestId('signin-confirmed')).toHaveCount(0);
  });

  await test.step('the browser signs in with USER_SRP_AUTH (the IdP log says so)', async () => {
    const before = idpEntries(stack).size;
    await new SignInPage(page).signIn(user.email, PASSWORD);
    await expect(page).toHaveURL(/\/todos$/);
    await expect
      .poll(() => idpEntries(stack, before).entries.filter((e) => e.msg === 'InitiateAuth'))
      .toContainEqual(
        expect.objectContaining({
          msg: 'InitiateAuth',
          authFlow: 'USER_SRP_AUTH',
          clientId: stack.userPoolClientId,
        }),
      );
    expect(idpEntries(stack, before).entries.filter((e) => e.authFlow === 'USER_PASSWORD_AUTH')).toEqual([]);
  });

  await test.step('the header shows the display name, and the profile says old posts change too', async () => {
    await expect(page.getByTestId('nav-profile')).toHaveText(user.email.split('@')[0] as string);
    await page.getByTestId('nav-profile').click();
    await page.getByTestId('profile-name').fill('Ada Lovelace');
    await page.getByTestId('profile-save').click();
    await expect(page.getByTestId('profile-message')).toContainText('All your posts, old and new');
    await expect(page.getByTestId('nav-profile')).toHaveText('Ada Lovelace');
    await expect(page.getByTestId('totp-status')).toBeVisible();
    await expectNoA11yViolations(page, 'profile with its account sections');
  });
});

test('authenticator app: turn on, sign in with a code; change password; delete the account', async ({
  page,
  stack,
}) => {
  const user = await createUser(stack, { email: uniqueEmail('totp'), password: PASSWORD });
  // Something of theirs in the tables, for the deletion to remove. (A cold local Lambda on this
  // loaded machine may answer 503: retried, bounded.)
  const api = apiClient(stack, user.accessToken);
  await expect.poll(async () => (await api('POST', '/todos', { body: { title: 'Mine' } })).status).toBe(201);
  const before = await leftovers(stack, user.userId, user.email);
  expect(before.todos).toBeGreaterThan(0);
  expect(before.cognitoUser).toBe('exists');
  await new SignInPage(page).goto('/profile');
  await new SignInPage(page).signIn(user.email, PASSWORD);
  await expect(page).toHaveURL(/\/profile$/);
  await expectProfileReady(page);

  let totp: TOTP | undefined;
  await test.step('turn on two-step sign-in with a code generated here', async () => {
    await page.getByTestId('totp-start').click();
    await expect(page.getByTestId('totp-secret')).toBeVisible();
    await expectNoA11yViolations(page, 'profile, adding an authenticator app');
    const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
    await expect(page.getByTestId('totp-uri')).toHaveAttribute(
      'href',
      new RegExp(`^otpauth://totp/.*secret=${secret}`),
    );
    totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
    await page.getByTestId('totp-code').fill(totp.generate());
    await page.getByTestId('totp-verify').click();
    await expect(page.getByTestId('totp-message')).toContainText('Authenticator app added');
    await expect(page.getByTestId('totp-status')).toContainText('On');
  });

  await test.step('sign-in now asks for the code', async () => {
    await signOut(page);
    const signIn = new SignInPage(page);
    await signIn.goto('/profile');
    await signIn.signIn(user.email, PASSWORD);
    await expect(page.getByTestId('signin-totp-code')).toBeVisible();
    await expectNoA11yViolations(page, 'sign-in, code step');
    const right = totp?.generate() ?? '';
    await page.getByTestId('signin-totp-code').fill(String((Number(right) + 1) % 1_000_000).padStart(6, '0'));
    await page.getByTestId('signin-totp-submit').click();
    await expect(page.getByTestId('signin-totp-error')).toContainText('code');
    await page.getByTestId('signin-totp-code').fill(totp?.generate() ?? '');
    await page.getByTestId('signin-totp-submit').click();
    await expect(page).toHaveURL(/\/profile$/);
    await expectProfileReady(page);
  });

  await test.step('change password: the old one stops working, the new one works', async () => {
    await page.getByTestId('password-current').fill(PASSWORD);
    await page.getByTestId('password-new').fill('Brand-New-Pass-7');
    await page.getByTestId('password-submit').click();
    await expect(page.getByTestId('password-message')).toContainText('Password changed');
    await expect(apiSignIn(stack, user.email, PASSWORD)).rejects.toBeTruthy();
  });

  await test.step('delete the account: it asks to type DELETE, then the user is signed out for good', async () => {
    await expect(page.getByTestId('delete-account')).toBeDisabled();
    await page.getByTestId('delete-confirm').fill('DELETE');
    await page.getByTestId('delete-account').click();
    await expect(page.getByTestId('nav-signin')).toBeVisible();
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(user.email, 'Brand-New-Pass-7');
    await expect(page.getByTestId('signin-error')).toContainText('Incorrect email or password');
    // Nothing of theirs is left: no todo, no profile row, no user in the pool (the integration test
    // delete-account.test.ts also checks posts, files and media objects).
    expect(await leftovers(stack, user.userId, user.email)).toEqual({
      todos: 0,
      profile: 'none',
      cognitoUser: 'UserNotFoundException',
    });
  });
});

test('forgot password: the e-mail stays editable, and the reset e-mail has its own subject', async ({
  page,
  stack,
}) => {
  const user = await createUser(stack, { email: uniqueEmail('reset'), password: PASSWORD });
  await page.goto('/forgot-password');
  await page.getByTestId('forgot-email').fill(`typo-${user.email}`);
  await page.getByTestId('forgot-send').click();
  await expect(page.getByTestId('forgot-sent')).toContainText(`typo-${user.email}`);
  const field = page.getByTestId('forgot-reset-email');
  await expect(field).toBeEditable();
  await expectNoA11yViolations(page, 'forgot password, code sent');
  await field.fill(user.email);
  await page.getByRole('button', { name: 'Send a new code' }).click();
  await expect(page.getByTestId('forgot-sent')).toContainText(user.email);
  const email = await newestEmail(stack, user.email, /^Reset your/);
  expect(email.subject).toBe('Reset your MyTodoList + MyBlog password');
  const code = /\b(\d{6})\b/.exec(email.body)?.[1] ?? '';
  await page.getByTestId('forgot-code').fill(code);
  await page.getByTestId('forgot-password').fill('Reset-Pass-42');
  await page.getByTestId('forgot-submit').click();
  await expect(page.getByTestId('signin-reset')).toBeVisible();
});
