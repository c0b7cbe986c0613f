import sharp from 'sharp';
import { apiClient } from '../support/api';
import { createUser } from '../support/users';
import { expectNoA11yViolations } from './axe';
import { expect, test } from './fixtures';
import { AppNav } from './pages/app-nav';
import { SignInPage } from './pages/auth-pages';
import { BlogIndexPage, PostEditorPage, PostPage } from './pages/blog-pages';
import { PASSWORD, uniqueEmail } from './support';

test('blog: the cover alt text reaches the published <img>; leaving with unsaved work asks first', async ({
  page,
  stack,
}) => {
  test.slow(); // waits for the thumbnail Lambda
  const user = await createUser(stack, { email: uniqueEmail('alt'), password: PASSWORD });
  const signIn = new SignInPage(page);
  await signIn.goto('/blog/edit');
  await signIn.signIn(user.email, PASSWORD);
  const editor = new PostEditorPage(page);
  await expect(page.getByTestId('editor-title')).toBeVisible();
  const title = `Windowsill ${Date.now().toString(36)}`;

  await test.step('unsaved work: the app’s own links ask, and cancelling stays', async () => {
    await editor.fill(title, 'Tomatoes are ripening.');
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await new AppNav(page).open('my-posts');
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain('unsaved changes');
    await expect(page).toHaveURL(/\/blog\/edit$/);
    await expect(page.getByTestId('editor-title')).toHaveValue(title);
  });

  await test.step('upload a cover and describe it', async () => {
    const png = await sharp({
      create: { width: 640, height: 400, channels: 3, background: { r: 200, g: 60, b: 40 } },
    })
      .png()
      .toBuffer();
    await editor.chooseCover({ name: 'tomatoes.png', mimeType: 'image/png', buffer: png });
    await expect(editor.thumbnail()).toBeVisible({ timeout: 45_000 });
    await editor.coverAlt().fill('Red tomatoes on a windowsill');
    await expect(page.getByTestId('char-counter').filter({ hasText: '/ 250' })).toHaveText('28 / 250');
    await expectNoA11yViolations(page, '/blog/edit (with cover)');
    await editor.setStatus('published');
    await editor.save();
    await expect(editor.message()).toContainText('Published');
  });

  await test.step('after saving, links leave without asking; readers get the alt text', async () => {
    page.once('dialog', (dialog) => {
      throw new Error(`unexpected dialog: ${dialog.message()}`);
    });
    await page.getByTestId('editor-view-link').click();
    const post = new PostPage(page);
    await expect(post.title()).toHaveText(title);
    await expect(post.cover()).toHaveAttribute('alt', 'Red tomatoes on a windowsill');
    await expectNoA11yViolations(page, '/post');
  });
});

test('blog index: plain-text excerpts, cards named by their title, no empty cover box', async ({
  page,
  stack,
}) => {
  const user = await createUser(stack, { email: uniqueEmail('cards'), password: PASSWORD });
  const api = apiClient(stack, user.accessToken);
  const title = `Garden diary ${Date.now().toString(36)}`;
  const created = await api('POST', '/posts', {
    body: {
      title,
      status: 'published',
      body: 'A garden diary, _written_ in **Markdown**.\n\n## What I planted\n\n- Tomatoes\n- Basil\n',
    },
  });
  expect(created.status).toBe(201);

  const blog = new BlogIndexPage(page);
  await blog.goto();
  const card = blog.card(title);
  await expect(card.getByTestId('post-card-excerpt')).toHaveText(
    'A garden diary, written in Markdown. What I planted. Tomatoes. Basil.',
  );
  await expect(card.getByRole('link')).toHaveCount(1);
  await expect(card.getByRole('link')).toHaveAccessibleName(title);
  await expect(card.locator('.post-cover, .post-cover-placeholder')).toHaveCount(0);
  await expectNoA11yViolations(page, '/blog');
  // The title link is stretched over the card: a click on the excerpt lands on it (force: Playwright
  // would otherwise refuse because the link, by design, covers the excerpt).
  await card.getByTestId('post-card-excerpt').click({ force: true });
  await expect(page).toHaveURL(/\/post\?slug=/);
});
