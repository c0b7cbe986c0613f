import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expectNoA11yViolations } from './axe';
import { expect, test } from './fixtures';
import { AppNav } from './pages/app-nav';
import { ConfirmPage, SignInPage, SignUpPage } from './pages/auth-pages';
import { FilesPage } from './pages/files-page';
import { TodosPage } from './pages/todos-page';
import { screenshotBoth } from './screenshots';
import { confirmationCode, PASSWORD, uniqueEmail } from './support';

test('MyTodoList: sign up, confirm, todos, private files, sign out', async ({ page, stack }) => {
  test.slow(); // the longest journey: sign-up, todos and several uploads
  const email = uniqueEmail('todo');

  await test.step('sign up and confirm with the code from the local mailbox', async () => {
    const signUp = new SignUpPage(page);
    await signUp.goto();
    // The weak password is refused in words before anything is sent.
    await signUp.signUp(email, 'short');
    await expect(page.getByText('The password needs')).toBeVisible();
    await expectNoA11yViolations(page, '/signup (weak password)');
    await signUp.signUp(email, PASSWORD);
    const confirm = new ConfirmPage(page);
    await confirm.expectOpen();
    await expect(confirm.localHint()).toContainText('local mailbox');
    await confirm.confirm('000000');
    await expect(confirm.error()).toContainText(/code/i);
    await expectNoA11yViolations(page, '/confirm (wrong code)');
    await confirm.confirm(await confirmationCode(stack, email));
    await expect(page).toHaveURL(/\/signin\?/);
    await expect(page.getByTestId('signin-confirmed')).toBeVisible();
  });

  await test.step('sign in (a wrong password is refused in words)', async () => {
    const signIn = new SignInPage(page);
    await signIn.signIn(email, 'Wrong-Password-1');
    await expect(signIn.error()).toHaveText('Incorrect email or password.');
    await expectNoA11yViolations(page, '/signin (wrong password)');
    await signIn.signIn(email, PASSWORD);
    await expect(page).toHaveURL(/\/todos$/);
    // The header names the user by display name (a new profile's is the e-mail's local part).
    await expect(new AppNav(page).signedInAs()).toHaveText(email.split('@')[0] ?? email);
  });

  const todos = new TodosPage(page);
  await test.step('add, edit, complete, filter and delete todos', async () => {
    await todos.waitLoaded();
    await expect(page.getByTestId('todo-empty')).toBeVisible();
    await todos.add('Buy milk');
    await todos.add('Write report');
    await todos.add('Call Alice');
    await expect(todos.titles()).toHaveText(['Call Alice', 'Write report', 'Buy milk']);

    await todos.rename('Write report', 'Write the quarterly report');
    await todos.toggle('Buy milk');
    await expect(todos.item('Buy milk')).toHaveAttribute('data-done', 'true');

    // Everything above reached the API: a reload shows the same list.
    await page.reload();
    await todos.waitLoaded();
    await expect(todos.titles()).toHaveText(['Call Alice', 'Write the quarterly report', 'Buy milk']);
    await expect(todos.item('Buy milk')).toHaveAttribute('data-done', 'true');

    await todos.filter('done');
    await expect(todos.titles()).toHaveText(['Buy milk']);
    await todos.filter('open');
    await expect(todos.titles()).toHaveText(['Call Alice', 'Write the quarterly report']);
    await todos.filter('all');
    await expect(todos.items()).toHaveCount(3);

    await todos.remove('Call Alice');
    await todos.clearCompleted();
    await expect(todos.titles()).toHaveText(['Write the quarterly report']);
    await page.reload();
    await todos.waitLoaded();
    await expect(todos.titles()).toHaveText(['Write the quarterly report']);
    await screenshotBoth(page, 'todos');
    await expectNoA11yViolations(page, '/todos');
  });

  await test.step('upload files with progress, list, download, delete', async () => {
    const files = new FilesPage(page);
    await new AppNav(page).open('files');
    await files.waitLoaded();
    await expect(page.getByTestId('files-empty')).toBeVisible();
    await expectNoA11yViolations(page, '/files (empty)');

    const notes = Buffer.from(`hello from the browser test ${randomBytes(4).toString('hex')}\n`);
    const big = randomBytes(3 * 1024 * 1024);
    // Slow uploads down so the progress bar is seen moving (512 KB/s).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 512 * 1024,
    });
    await files.choose([
      { name: 'notes.txt', mimeType: 'text/plain', buffer: notes },
      { name: 'big.bin', mimeType: 'application/octet-stream', buffer: big },
    ]);
    // The list fills in as each upload finishes: the small file is listed (once: its upload row
    // is gone) while the big one is still going.
    await expect(files.file('notes.txt')).toBeVisible({ timeout: 30_000 });
    await expect(files.upload('notes.txt')).toHaveCount(0);
    await expect(files.upload('big.bin')).toHaveAttribute('data-status', 'uploading');
    await expect(page.getByTestId('files-summary')).toContainText('1 file');
    const bigProgress = files.upload('big.bin').locator('progress');
    await expect
      .poll(async () => Number((await bigProgress.getAttribute('value').catch(() => null)) ?? 0), {
        intervals: [100],
      })
      .toBeGreaterThan(0);
    expect(Number(await bigProgress.getAttribute('value'))).toBeLessThan(100);
    await screenshotBoth(page, 'files-uploading');
    await expect(files.file('big.bin')).toBeVisible({ timeout: 30_000 });
    await expect(files.upload('big.bin')).toHaveCount(0);

    // A cancelled upload stops and leaves nothing behind.
    await files.choose([
      { name: 'cancel-me.bin', mimeType: 'application/octet-stream', buffer: randomBytes(4 * 1024 * 1024) },
    ]);
    await files.upload('cancel-me.bin').getByTestId('upload-cancel').click();
    await expect(files.upload('cancel-me.bin')).toHaveAttribute('data-status', 'cancelled');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });

    await expect(files.file('notes.txt')).toBeVisible();
    await expect(files.file('notes.txt')).toContainText(`${notes.length} B`);
    await expect(files.file('big.bin')).toContainText('3.0 MB');
    await expect(files.file('cancel-me.bin')).toHaveCount(0);
    await screenshotBoth(page, 'files');
    await expectNoA11yViolations(page, '/files (listed)');

    const download = await files.download('notes.txt');
    expect(download.suggestedFilename()).toBe('notes.txt');
    expect(readFileSync(await download.path())).toEqual(notes);

    await files.remove('notes.txt');
    await files.remove('big.bin');
    await page.reload();
    await files.waitLoaded();
    await expect(page.getByTestId('files-empty')).toBeVisible();
  });

  await test.step('sign out; /todos then asks to sign in and comes back after', async () => {
    await new AppNav(page).signOut();
    await page.goto('/todos');
    await expect(page).toHaveURL(/\/signin\?next=%2Ftodos/);
    await expectNoA11yViolations(page, '/signin (sent from /todos)');
    const signIn = new SignInPage(page);
    await signIn.signIn(email, PASSWORD);
    await expect(page).toHaveURL(/\/todos$/);
    await expect(todos.titles()).toHaveText(['Write the quarterly report']);
  });

  await test.step('the home page', async () => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoA11yViolations(page, '/ (signed in)');
  });
});
