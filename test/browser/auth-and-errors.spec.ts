import { apiClient } from '../support/api';
import { createUser } from '../support/users';
import { expectNoA11yViolations } from './axe';
import { expect, test } from './fixtures';
import { ConfirmPage, SignInPage, SignUpPage } from './pages/auth-pages';
import { PostEditorPage } from './pages/blog-pages';
import { TodosPage } from './pages/todos-page';
import { confirmationCode, PASSWORD, signUpUnconfirmed, uniqueEmail } from './support';

test('auth errors are shown in words, with a way forward', async ({ page, stack }) => {
  test.slow(); // axe in two colour schemes on each page, on a shared machine
  const existing = await createUser(stack, { email: uniqueEmail('exists'), password: PASSWORD });

  await test.step('an email already signed up', async () => {
    const signUp = new SignUpPage(page);
    await signUp.goto();
    await signUp.signUp(existing.email, PASSWORD);
    await expect(signUp.error()).toContainText('already exists');
    await expectNoA11yViolations(page, '/signup (email exists)');
  });

  await test.step('an unconfirmed account is offered the confirm screen', async () => {
    const email = uniqueEmail('unconfirmed');
    await signUpUnconfirmed(stack, email);
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(email, PASSWORD);
    await expect(signIn.error()).toContainText('not confirmed');
    await expectNoA11yViolations(page, '/signin (not confirmed)');
    await page.getByTestId('signin-confirm-link').click();
    const confirm = new ConfirmPage(page);
    await confirm.expectOpen();
    await expect(page.getByTestId('confirm-email')).toHaveValue(email);
    await expectNoA11yViolations(page, '/confirm');
    await confirm.confirm(await confirmationCode(stack, email));
    await expect(page.getByTestId('signin-confirmed')).toBeVisible();
  });

  await test.step('forgot password: code by email, new password, sign in with it', async () => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await page.getByTestId('signin-email').fill(existing.email);
    await page.getByTestId('signin-forgot').click();
    await expect(page.getByTestId('forgot-email')).toHaveValue(existing.email);
    await expectNoA11yViolations(page, '/forgot-password');
    // Codes already in the mailbox (none for this user) must not be confused with the reset code.
    await page.getByTestId('forgot-send').click();
    await expect(page.getByTestId('forgot-sent')).toBeVisible();
    await page.getByTestId('forgot-code').fill(await confirmationCode(stack, existing.email));
    await page.getByTestId('forgot-password').fill('weakpass');
    await page.getByTestId('forgot-submit').click();
    await expect(page.getByText('The password needs')).toBeVisible();
    await expectNoA11yViolations(page, '/forgot-password (weak new password)');
    await page.getByTestId('forgot-password').fill('New-Password-42');
    await page.getByTestId('forgot-submit').click();
    await expect(page.getByTestId('signin-reset')).toBeVisible();
    await signIn.signIn(existing.email, 'New-Password-42');
    await expect(page).toHaveURL(/\/todos$/);
  });

  await test.step('a session that can no longer be refreshed asks to sign in again', async () => {
    // Expired tokens and a revoked refresh token, as after a long absence.
    await page.evaluate(() => {
      const b64 = (o: object) =>
        btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
      const expired = `${b64({ alg: 'none' })}.${b64({ sub: 'x', exp: 1_000_000, iat: 999_000 })}.c2ln`;
      for (const key of Object.keys(localStorage)) {
        if (/\.(accessToken|idToken)$/.test(key)) localStorage.setItem(key, expired);
        if (key.endsWith('.refreshToken')) localStorage.setItem(key, 'revoked-refresh-token');
      }
    });
    await page.goto('/files');
    await expect(page).toHaveURL(/\/signin\?next=%2Ffiles&reason=expired/);
    await expect(page.getByTestId('signin-expired')).toContainText('Your session has expired');
    await expectNoA11yViolations(page, '/signin (session expired)');
    await new SignInPage(page).signIn(existing.email, 'New-Password-42');
    await expect(page).toHaveURL(/\/files$/);
  });
});

// The resent code must be the one that works: the first code is replaced (the mailbox helper reads
// the newest code email).
test('confirm: "Send a new code" emails a fresh code that confirms the account', async ({ page, stack }) => {
  test.slow(); // axe in two colour schemes on each page, on a shared machine
  const email = uniqueEmail('resend');
  await signUpUnconfirmed(stack, email);
  await page.goto(`/confirm?email=${encodeURIComponent(email)}`);
  await page.getByTestId('confirm-resend').click();
  await expect(page.getByTestId('confirm-info')).toContainText('new code');
  await expectNoA11yViolations(page, '/confirm (new code sent)');
  await new ConfirmPage(page).confirm(await confirmationCode(stack, email));
  await expect(page.getByTestId('signin-confirmed')).toBeVisible();
});

test('todos: a stale edit (409) is rolled back with a message and the latest version', async ({
  page,
  stack,
}) => {
  const user = await createUser(stack, { email: uniqueEmail('conflict'), password: PASSWORD });
  const api = apiClient(stack, user.accessToken);
  const created = await api<{ id: string; version: number }>('POST', '/todos', {
    body: { title: 'Shared todo' },
  });
  expect(created.status).toBe(201);

  const signIn = new SignInPage(page);
  await signIn.goto('/todos');
  await signIn.signIn(user.email, PASSWORD);
  const todos = new TodosPage(page);
  await todos.waitLoaded();
  await expect(todos.item('Shared todo')).toBeVisible();

  // Someone else renames it after the page loaded: the page still holds the old version.
  const renamed = await api('PATCH', `/todos/${created.body.id}`, {
    body: { title: 'Renamed elsewhere' },
    headers: { 'if-match': `"${created.body.version}"` },
  });
  expect(renamed.status).toBe(200);

  await todos.item('Shared todo').getByTestId('todo-toggle').click();
  await expect(todos.message()).toContainText('changed somewhere else');
  await expect(todos.item('Renamed elsewhere')).toHaveAttribute('data-done', 'false');
  await expect(todos.item('Shared todo')).toHaveCount(0);
});

test('posts: saving over a newer version (409) says so in words and keeps the text', async ({
  page,
  stack,
}) => {
  const user = await createUser(stack, { email: uniqueEmail('editor'), password: PASSWORD });
  const api = apiClient(stack, user.accessToken);
  const created = await api<{ id: string; version: number }>('POST', '/posts', {
    body: { title: 'First title', body: 'First body', status: 'draft' },
  });
  expect(created.status).toBe(201);

  const signIn = new SignInPage(page);
  await signIn.goto(`/blog/edit?id=${created.body.id}`);
  await signIn.signIn(user.email, PASSWORD);
  const editor = new PostEditorPage(page);
  await expect(page.getByTestId('editor-title')).toHaveValue('First title');

  const other = await api('PATCH', `/posts/${created.body.id}`, {
    body: { title: 'Changed in another tab' },
    headers: { 'if-match': `"${created.body.version}"` },
  });
  expect(other.status).toBe(200);

  await page.getByTestId('editor-title').fill('My edit');
  await editor.save();
  await expect(editor.message()).toContainText('changed somewhere else');
  await expect(page.getByTestId('editor-title')).toHaveValue('My edit');
  await page.getByTestId('editor-load-latest').click();
  await expect(page.getByTestId('editor-title')).toHaveValue('Changed in another tab');
});

test('todos: "Load more" follows nextCursor until the end', async ({ page, stack }) => {
  const user = await createUser(stack, { email: uniqueEmail('many'), password: PASSWORD });
  const api = apiClient(stack, user.accessToken);
  for (let i = 1; i <= 23; i++) {
    expect(
      (await api('POST', '/todos', { body: { title: `Todo ${String(i).padStart(2, '0')}` } })).status,
    ).toBe(201);
  }
  const signIn = new SignInPage(page);
  await signIn.goto('/todos');
  await signIn.signIn(user.email, PASSWORD);
  const todos = new TodosPage(page);
  await todos.waitLoaded();
  await expect(todos.items()).toHaveCount(20);
  await expect(todos.titles().first()).toHaveText('Todo 23');
  await page.getByTestId('todo-load-more').click();
  await expect(todos.items()).toHaveCount(23);
  await expect(todos.titles().last()).toHaveText('Todo 01');
  await expect(page.getByTestId('todo-load-more')).toHaveCount(0);
});

// Through the edge (CloudFront's rewrite from serverless.yml), a missing page is the app's own 404
// page with status 404, in the light and the dark scheme.
test('a missing page answers 404 with the app’s page and a way home', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expectNoA11yViolations(page, '404 (/no-such-page)');
  await page.getByRole('link', { name: 'Go home' }).click();
  await expect(page).toHaveURL(/\/$/);
});
