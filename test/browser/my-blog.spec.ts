import type { Locator } from '@playwright/test';
import sharp from 'sharp';
import { createUser } from '../support/users';
import { expectNoA11yViolations } from './axe';
import { expect, test } from './fixtures';
import { AppNav } from './pages/app-nav';
import { SignInPage } from './pages/auth-pages';
import { BlogIndexPage, PostEditorPage, PostPage } from './pages/blog-pages';
import { ProfilePage } from './pages/profile-page';
import { screenshotBoth } from './screenshots';
import { PASSWORD, uniqueEmail } from './support';

async function expectImageLoaded(img: Locator) {
  await expect(img).toBeVisible();
  await expect
    .poll(
      () => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth),
      { timeout: 15_000 },
    )
    .toBeGreaterThan(0);
}

const BODY = `Morning light on the water.

Some **bold words** and a [safe link](https://example.com/sea).

<script>window.__xss = 'script'</script>
<img src="x" onerror="window.__xss = 'onerror'">
[click me](javascript:window.__xss='link')
`;

test('MyBlog: write a post with a cover image, publish, read it anonymously', async ({ page, stack }) => {
  test.slow(); // axe in two colour schemes on each page, on a shared machine
  const email = uniqueEmail('author');
  await createUser(stack, { email, password: PASSWORD });
  const title = `A walk by the sea ${Date.now().toString(36)}`;

  await test.step('an anonymous visit first: the edge now holds the blog index without the post', async () => {
    await new BlogIndexPage(page).goto();
    await expect(page.getByText(title)).toHaveCount(0);
  });

  await test.step('sign in', async () => {
    const signIn = new SignInPage(page);
    await signIn.goto('/blog/edit');
    await signIn.signIn(email, PASSWORD);
    await expect(page).toHaveURL(/\/blog\/edit$/);
  });

  const authorName = `Sea Writer ${Date.now().toString(36)}`;
  await test.step('set the display name shown on posts', async () => {
    const profile = new ProfilePage(page);
    await profile.goto();
    await expect(profile.email()).toHaveText(email);
    await profile.setDisplayName(authorName);
    await page.reload();
    await expect(page.getByTestId('profile-name')).toHaveValue(authorName);
    await expectNoA11yViolations(page, '/profile');
    await new AppNav(page).open('write');
  });

  const editor = new PostEditorPage(page);
  await test.step('write with preview, upload a cover and watch its thumbnail appear', async () => {
    await expect(page.getByTestId('editor-title')).toBeVisible();
    await editor.fill(title, BODY);
    const preview = await editor.preview();
    await expect(preview.locator('strong')).toHaveText('bold words');
    await expect(preview.locator('script, [onerror], a[href^="javascript:"]')).toHaveCount(0);
    await expectNoA11yViolations(page, '/blog/edit (preview)');
    await editor.write();

    const jpeg = await sharp({
      create: { width: 800, height: 500, channels: 3, background: { r: 31, g: 111, b: 104 } },
    })
      .composite([
        {
          input: Buffer.from(
            '<svg width="800" height="500"><circle cx="560" cy="170" r="90" fill="#f4d35e"/></svg>',
          ),
          top: 0,
          left: 0,
        },
      ])
      .jpeg({ quality: 85 })
      .toBuffer();
    await editor.chooseCover({ name: 'Sea View.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await expect(editor.thumbnail()).toBeVisible({ timeout: 45_000 });
    await expect(editor.thumbnail()).toHaveAttribute('src', /\/thumbnails\/.+-sea-view\.jpg-w320\.webp$/);
    await expectImageLoaded(editor.thumbnail());
    await screenshotBoth(page, 'editor');
    await expectNoA11yViolations(page, '/blog/edit (with cover)');
  });

  await test.step('publish', async () => {
    await editor.setStatus('published');
    await editor.save();
    await expect(editor.message()).toContainText('Published');
    await expect(page).toHaveURL(/\/blog\/edit\?id=/);
    await expect(page.getByTestId('editor-saved-status')).toHaveText('Published');
    await page.getByTestId('nav-my-posts').click();
    await expect(page.getByText(title).first()).toBeVisible();
    await expectNoA11yViolations(page, '/blog/mine');
  });

  await test.step('sign out; an anonymous visitor sees the post and its thumbnail', async () => {
    await new AppNav(page).signOut();
    // The edge keeps the anonymous blog index for its s-maxage, as CloudFront does; publishing
    // invalidates it through the posts stream (invalidate-post-cache), as in AWS — nothing by hand.
    // Bounded reloads: the stream delivers within seconds, far inside s-maxage (300 s).
    const blog = new BlogIndexPage(page);
    const card = blog.card(title);
    await expect(async () => {
      await blog.goto();
      await expect(card).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expectImageLoaded(card.getByTestId('post-card-thumbnail'));
    await screenshotBoth(page, 'blog');
    await expectNoA11yViolations(page, '/blog (signed out)');

    await card.getByTestId('post-card-link').click();
    await expect(page).toHaveURL(/\/post\?slug=/);
    const post = new PostPage(page);
    await expect(post.title()).toHaveText(title);
    await expect(page.getByText(`By ${authorName}`)).toBeVisible();
    await expect(post.body().locator('strong')).toHaveText('bold words');
    await expect(post.body().locator('a[href="https://example.com/sea"]')).toHaveText('safe link');
    await expectImageLoaded(post.cover());
    // Nothing executable survived the markdown rendering.
    await expect(post.body().locator('script, [onerror], a[href^="javascript:"]')).toHaveCount(0);
    await page.getByText('click me').click();
    expect(await page.evaluate(() => (window as { __xss?: string }).__xss)).toBeUndefined();
    await screenshotBoth(page, 'post');
    await expectNoA11yViolations(page, '/post (signed out)');
  });
});
