import sharp from 'sharp';
import { apiClient } from '../support/api';
import { createUser } from '../support/users';
import { expectNoA11yViolations } from './axe';
import { expect, test } from './fixtures';
import { AppNav } from './pages/app-nav';
import { SignInPage } from './pages/auth-pages';
import { PostEditorPage, PostPage } from './pages/blog-pages';
import { PASSWORD, uniqueEmail } from './support';

test('editor: the toolbar formats the selection, from the mouse and the keyboard', async ({
  page,
  stack,
}) => {
  test.slow(); // sign-in, many edits and an axe run: long on a loaded machine
  const user = await createUser(stack, { email: uniqueEmail('toolbar'), password: PASSWORD });
  const signIn = new SignInPage(page);
  await signIn.goto('/blog/edit');
  await signIn.signIn(user.email, PASSWORD);
  const editor = new PostEditorPage(page);
  await expect(editor.body()).toBeVisible();
  await editor.fill('Formatting', 'Hello world\nfirst\nsecond');

  const toolbar = editor.toolbar();
  for (const name of [
    'Bold',
    'Italic',
    'Heading',
    'Link',
    'Bulleted list',
    'Quote',
    'Code',
    'Insert image',
  ]) {
    await expect(toolbar.getByRole('button', { name, exact: true })).toBeVisible();
  }

  await editor.select('world');
  await toolbar.getByRole('button', { name: 'Bold' }).click();
  await expect(editor.body()).toHaveValue('Hello **world**\nfirst\nsecond');
  await expect(editor.body()).toBeFocused();

  // Keyboard: Tab reaches the toolbar as one stop, the arrow keys move inside it.
  await editor.select('first\nsecond');
  await page.keyboard.press('Shift+Tab');
  await expect(toolbar.getByRole('button', { name: 'Bold' })).toBeFocused();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect(toolbar.getByRole('button', { name: 'Bulleted list' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(editor.body()).toHaveValue('Hello **world**\n- first\n- second');

  // The shortcut in the textarea.
  await editor.select('Hello');
  await page.keyboard.press('Control+i');
  await expect(editor.body()).toHaveValue('_Hello_ **world**\n- first\n- second');

  const preview = await editor.preview();
  await expect(preview.locator('strong')).toHaveText('world');
  await expect(preview.locator('em')).toHaveText('Hello');
  await expect(preview.locator('li')).toHaveText(['first', 'second']);
  await editor.write();
  await expectNoA11yViolations(page, '/blog/edit (toolbar)');

  await test.step('unsaved work: accepting the question leaves through the app’s own link', async () => {
    page.once('dialog', (dialog) => void dialog.accept());
    await new AppNav(page).open('my-posts');
    await expect(page).toHaveURL(/\/blog\/mine$/);
  });
});

test('editor: upload a body image, describe it, insert it; it renders in the published post', async ({
  page,
  stack,
}) => {
  test.slow(); // waits for the thumbnail Lambda
  const user = await createUser(stack, { email: uniqueEmail('bodyimg'), password: PASSWORD });
  const signIn = new SignInPage(page);
  await signIn.goto('/blog/edit');
  await signIn.signIn(user.email, PASSWORD);
  const editor = new PostEditorPage(page);
  const title = `Boats ${Date.now().toString(36)}`;
  await expect(editor.body()).toBeVisible();
  await editor.fill(title, 'Before the picture.\n\nAn outside one: ![tracker](https://example.com/t.png)');
  await editor.body().evaluate((el) => (el as HTMLTextAreaElement).setSelectionRange(19, 19));

  const dialog = editor.imageDialog();
  await test.step('upload the image in the dialog', async () => {
    await editor.toolbar().getByRole('button', { name: 'Insert image' }).click();
    await expect(dialog).toBeVisible();
    const png = await sharp({
      create: { width: 900, height: 600, channels: 3, background: { r: 30, g: 80, b: 160 } },
    })
      .png()
      .toBuffer();
    await dialog
      .getByLabel('Image file')
      .setInputFiles({ name: 'Red Boat.png', mimeType: 'image/png', buffer: png });
    await expect(dialog.getByTestId('image-dialog-preview')).toBeVisible({ timeout: 45_000 });
    await expectNoA11yViolations(page, '/blog/edit (insert image dialog)');
  });

  await test.step('the alt text is required; then the image goes where the caret was', async () => {
    await dialog.getByTestId('image-dialog-insert').click();
    const alt = dialog.getByLabel('Describe the image (alt text)');
    await expect(alt).toHaveAttribute('aria-invalid', 'true');
    await expect(alt).toHaveAccessibleDescription(/readers who cannot see it/);
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Describe the image (alt text)').fill('A blue boat [at dawn]');
    await dialog.getByTestId('image-dialog-insert').click();
    await expect(dialog).toBeHidden();
    await expect(editor.body()).toBeFocused();
    const body = await editor.body().inputValue();
    const inserted =
      /^Before the picture\.\n\n!\[A blue boat \\\[at dawn\\\]\]\((\S+)\)\n\nAn outside one/.exec(body);
    expect(inserted, body).not.toBeNull();
    // The large thumbnail of the upload, on the public media URL (the key rule of @app/images),
    // with its size (900 px wide is under 1280: kept as it is) for the post to reserve its box.
    expect(inserted?.[1]).toMatch(
      new RegExp(`^https?://.+/thumbnails/${user.userId}/[^/]+-red-boat\\.png-w1280\\.webp#900x600$`),
    );
  });

  await test.step('publish; readers see the image with its alt text, and not the outside one', async () => {
    await editor.setStatus('published');
    await editor.save();
    await expect(editor.message()).toContainText('Published');
    await page.getByTestId('editor-view-link').click();
    const post = new PostPage(page);
    await expect(post.title()).toHaveText(title);
    const img = post.body().getByRole('img', { name: 'A blue boat [at dawn]' });
    await expect(img).toBeVisible();
    await expect
      .poll(() =>
        img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth),
      )
      .toBeGreaterThan(0);
    await expect(post.body().locator('img')).toHaveCount(1);
    await expect(img).toHaveAttribute('width', '900');
    await expect(img).toHaveAttribute('height', '600');
    await expect(img).toHaveAttribute('src', /-w1280\.webp$/);
    await expect(post.body()).toContainText('An outside one: tracker');
    await expectNoA11yViolations(page, '/post (body image)');
  });
});

test('My posts: same-titled posts are told apart and each title opens its own post', async ({
  page,
  stack,
}) => {
  const user = await createUser(stack, { email: uniqueEmail('twins'), password: PASSWORD });
  const api = apiClient(stack, user.accessToken);
  const title = `Same title ${Date.now().toString(36)}`;
  const draft = await api<{ id: string; slug: string }>('POST', '/posts', {
    body: { title, body: 'The draft one.', status: 'draft' },
  });
  const published = await api<{ id: string; slug: string }>('POST', '/posts', {
    body: { title, body: 'The published one.', status: 'published' },
  });
  expect([draft.status, published.status]).toEqual([201, 201]);

  const signIn = new SignInPage(page);
  await signIn.goto('/blog/mine');
  await signIn.signIn(user.email, PASSWORD);
  await expect(page.getByTestId('my-posts-list')).toBeVisible({ timeout: 30_000 }); // a loaded machine
  const titles = page.getByRole('link', { name: title, exact: true });
  await expect(titles).toHaveCount(2);
  const item = (id: string) => page.locator(`[data-testid="my-post-item"][data-id="${id}"]`);
  await expect(item(draft.body.id).getByTestId('my-post-status')).toHaveText('Draft');
  await expect(item(published.body.id).getByTestId('my-post-status')).toHaveText('Published');
  // Screen readers hear what tells them apart: status, date and address, on the title and every action.
  const draftLink = item(draft.body.id).getByRole('link', { name: title, exact: true });
  const publishedLink = item(published.body.id).getByRole('link', { name: title, exact: true });
  await expect(draftLink).toHaveAccessibleDescription(new RegExp(`^Draft updated .+/${draft.body.slug}$`));
  await expect(publishedLink).toHaveAccessibleDescription(
    new RegExp(`^Published published .+, updated .+/${published.body.slug}$`),
  );
  expect(draft.body.slug).not.toBe(published.body.slug);
  await expect(
    item(draft.body.id).getByRole('button', { name: `Delete “${title}”` }),
  ).toHaveAccessibleDescription(/^Draft/);
  await expectNoA11yViolations(page, '/blog/mine (same titles)');

  await publishedLink.click();
  await expect(page).toHaveURL(new RegExp(`/blog/edit\\?id=${published.body.id}$`));
  await expect(page.getByTestId('editor-saved-status')).toHaveText('Published');
  await expect(page.getByTestId('editor-body')).toHaveValue('The published one.');
});
