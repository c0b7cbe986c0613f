import { createUser } from '../support/users';
import { expectNoA11yViolations } from './axe';
import { expect, test } from './fixtures';
import { SignInPage } from './pages/auth-pages';
import { FilesPage } from './pages/files-page';
import { PASSWORD, uniqueEmail } from './support';

const text = (name: string, body: string) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(body) });

test('files: an existing name asks before overwriting; deleting keeps the focus in the list', async ({
  page,
  stack,
}) => {
  test.slow(); // several uploads through the checking S3 gateway
  const user = await createUser(stack, { email: uniqueEmail('files-ux'), password: PASSWORD });
  const signIn = new SignInPage(page);
  await signIn.goto('/files');
  await signIn.signIn(user.email, PASSWORD);
  const files = new FilesPage(page);
  await files.waitLoaded();
  await expect(page.getByTestId('files-intro')).toContainText('Only you can see');
  await expect(page.getByTestId('files-intro')).not.toContainText('credentials');

  await files.choose([text('a.txt', 'first a'), text('b.txt', 'first b'), text('c.txt', 'first c')]);
  for (const name of ['a.txt', 'b.txt', 'c.txt']) await expect(files.file(name)).toBeVisible();
  await expect(page.getByTestId('upload-item')).toHaveCount(0);
  await expectNoA11yViolations(page, '/files');

  await test.step('same name: "Keep both" uploads it as "name (2)"', async () => {
    await files.choose([text('a.txt', 'second a, longer')]);
    await expect(files.conflict()).toContainText('a.txt is already in your files');
    await expectNoA11yViolations(page, '/files (name conflict)');
    await files.answerConflict('keep-both');
    await expect(files.file('a (2).txt')).toBeVisible();
    await expect(files.file('a (2).txt')).toContainText('16 B');
    await expect(files.file('a.txt')).toContainText('7 B');
  });

  await test.step('"Replace" overwrites; "Don’t upload" leaves the old one', async () => {
    await files.choose([text('b.txt', 'replaced b!')]);
    await files.answerConflict('replace');
    await expect(files.file('b.txt')).toContainText('11 B');
    await expect(files.file('b.txt')).toHaveCount(1);
    await files.choose([text('c.txt', 'never uploaded')]);
    await files.answerConflict('skip');
    await expect(files.conflict()).toHaveCount(0);
    await page.reload();
    await files.waitLoaded();
    await expect(page.getByTestId('file-item')).toHaveCount(4);
    await expect(files.file('b.txt')).toContainText('11 B');
    await expect(files.file('c.txt')).toContainText('7 B');
  });

  await test.step('after a delete, focus is on the next file', async () => {
    const names = await page
      .getByTestId('file-item')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));
    const [first = '', second = ''] = names.map(String);
    await files.remove(first);
    await expect.poll(() => files.focusedIn(second, 'file-download')).toBe(true);
  });
});
