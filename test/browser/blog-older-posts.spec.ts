import { apiClient } from '../support/api';
import { invalidateEdge } from '../support/aws';
import { createUser } from '../support/users';
import { expectNoA11yViolations } from './axe';
import { expect, test } from './fixtures';
import { BlogIndexPage } from './pages/blog-pages';
import { PASSWORD, uniqueEmail } from './support';

test('blog index: "Older posts" pages have their own URL; back, forward and reload follow it', async ({
  page,
  stack,
}) => {
  const user = await createUser(stack, { email: uniqueEmail('older'), password: PASSWORD });
  const api = apiClient(stack, user.accessToken);
  const run = Date.now().toString(36);
  // 14 posts, oldest first: the first page (12) shows 14…03, the older page starts at 02.
  const title = (n: number) => `Older ${run} ${String(n).padStart(2, '0')}`;
  for (let n = 1; n <= 14; n++) {
    const created = await api('POST', '/posts', {
      body: { title: title(n), status: 'published', body: `Post number ${n}.` },
    });
    expect(created.status).toBe(201);
  }
  // The edge keeps the anonymous listing for its s-maxage, as CloudFront does: invalidate as a deploy would.
  await invalidateEdge(stack, ['/api/posts*', '/posts*']);

  const blog = new BlogIndexPage(page);
  await blog.goto();
  await expect(blog.card(title(14))).toBeVisible();
  await expect(blog.card(title(3))).toBeVisible();
  await expect(blog.card(title(2))).toHaveCount(0);

  await test.step('"Older posts" appends the next page, puts its cursor in the URL and focuses it', async () => {
    await page.getByTestId('blog-load-more').click();
    await expect(page).toHaveURL(/\/blog\?after=[A-Za-z0-9_-]+$/);
    await expect(blog.card(title(2)).getByTestId('post-card-link')).toBeFocused();
    await expect(blog.card(title(14))).toBeVisible();
  });
  const olderUrl = page.url();

  await test.step('back shows the newest page alone; forward brings the older page back', async () => {
    await page.goBack();
    await expect(page).toHaveURL(/\/blog$/);
    await expect(blog.card(title(2))).toHaveCount(0);
    await expect(blog.card(title(14))).toBeVisible();
    await page.goForward();
    await expect(page).toHaveURL(olderUrl);
    await expect(blog.card(title(2))).toBeVisible();
  });

  await test.step('the older page opened from its link starts at that page, with a way to the newest', async () => {
    await page.goto(olderUrl);
    await expect(blog.card(title(2))).toBeVisible();
    await expect(blog.card(title(1))).toBeVisible();
    await expect(blog.card(title(14))).toHaveCount(0);
    await expectNoA11yViolations(page, '/blog?after=…');
    await page.getByTestId('blog-newest').click();
    await expect(page).toHaveURL(/\/blog$/);
    await expect(blog.card(title(14))).toBeVisible();
  });

  await test.step('a cursor that is not one says so and offers the newest posts', async () => {
    await page.goto('/blog?after=not-a-cursor');
    await expect(page.getByTestId('blog-error')).toBeVisible();
    await expect(
      page.getByTestId('blog-error').getByRole('link', { name: 'See the newest posts' }),
    ).toBeVisible();
  });
});
