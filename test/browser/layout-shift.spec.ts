import type { Browser, BrowserContext, Page } from '@playwright/test';
import sharp from 'sharp';
import { invalidateEdge } from '../support/aws';
import { createUser } from '../support/users';
import { expect, test } from './fixtures';
import { SignInPage } from './pages/auth-pages';
import { BlogIndexPage, PostEditorPage, PostPage } from './pages/blog-pages';
import { PASSWORD, uniqueEmail } from './support';

/**
 * Layout shift on the public blog pages, measured by the browser: every `layout-shift` entry
 * (Layout Instability API) from navigation until the page has its post, cover and body image,
 * summed (without the entries right after input, as CLS does). The sum of all entries is never
 * less than CLS's largest session window, so a sum under the bound is CLS under it too.
 */
const MAX_LAYOUT_SHIFT = 0.01;

/** A phone (Lighthouse's mobile preset) and the suite's desktop window. */
const VIEWPORTS = [
  { name: 'phone', viewport: { width: 412, height: 823 }, isMobile: true, deviceScaleFactor: 1.75 },
  { name: 'desktop', viewport: { width: 1280, height: 800 }, isMobile: false, deviceScaleFactor: 1 },
] as const;

interface Shift {
  value: number;
  sources: string[];
}

/** Collects layout-shift entries from the first paint on, with what moved (element, from → to). */
function recordLayoutShifts() {
  const w = window as unknown as { __shifts: Shift[] };
  w.__shifts = [];
  const nameOf = (node: Node | null) => {
    if (!(node instanceof Element)) return node ? node.nodeName : '(gone)';
    const id = node.getAttribute('data-testid') ?? node.id;
    const cls =
      typeof node.className === 'string' && node.className ? `.${node.className.split(' ')[0]}` : '';
    return `${node.tagName.toLowerCase()}${id ? `[${id}]` : cls}`;
  };
  const rect = (r: DOMRectReadOnly) =>
    `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}`;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Array<
      PerformanceEntry & {
        value: number;
        hadRecentInput: boolean;
        sources?: Array<{ node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }>;
      }
    >) {
      if (entry.hadRecentInput) continue;
      w.__shifts.push({
        value: entry.value,
        sources: (entry.sources ?? []).map(
          (s) => `${nameOf(s.node)} ${rect(s.previousRect)} → ${rect(s.currentRect)}`,
        ),
      });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

async function loaded(image: ReturnType<Page['getByTestId']>) {
  await expect(image).toBeVisible();
  await expect
    .poll(() =>
      image.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth),
    )
    .toBeGreaterThan(0);
}

type SignedIn = Awaited<ReturnType<BrowserContext['storageState']>>;

/**
 * Opens `path` in a fresh window (anonymous, or with a signed-in session's storage), waits until
 * `ready` holds, and returns the shifts seen.
 */
async function shiftsOn(
  browser: Browser,
  baseURL: string,
  device: (typeof VIEWPORTS)[number],
  path: string,
  ready: (page: Page) => Promise<void>,
  storageState?: SignedIn,
): Promise<Shift[]> {
  const context = await browser.newContext({
    storageState,
    baseURL,
    viewport: device.viewport,
    isMobile: device.isMobile,
    deviceScaleFactor: device.deviceScaleFactor,
  });
  try {
    await context.addInitScript(recordLayoutShifts);
    const page = await context.newPage();
    await page.goto(path);
    await ready(page);
    await page.waitForLoadState('networkidle');
    // Entries are delivered after the frame that moved things: let two frames pass.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    return await page.evaluate(() => (window as unknown as { __shifts: Shift[] }).__shifts);
  } finally {
    await context.close();
  }
}

const image = (width: number, height: number, rgb: [number, number, number]) =>
  sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })
    .png()
    .toBuffer();

test('a post with a cover and a body image, and the blog index, load without layout shift', async ({
  page,
  stack,
  browser,
}) => {
  test.slow(); // waits for the thumbnail Lambda twice
  const user = await createUser(stack, { email: uniqueEmail('cls'), password: PASSWORD });
  const title = `Still water ${Date.now().toString(36)}`;

  await test.step('publish a post with a cover and a body image near the top', async () => {
    await new SignInPage(page).goto('/blog/edit');
    await new SignInPage(page).signIn(user.email, PASSWORD);
    const editor = new PostEditorPage(page);
    await expect(editor.body()).toBeVisible();
    await editor.fill(title, 'A short opening line.\n\nAnd the rest of the walk, after the picture.');
    await editor.chooseCover({
      name: 'pond.png',
      mimeType: 'image/png',
      buffer: await image(1600, 900, [40, 110, 90]),
    });
    await expect(editor.thumbnail()).toBeVisible({ timeout: 45_000 });
    await editor.coverAlt().fill('A green pond');
    // A portrait picture: a box reserved at the cover's 16:9 would not fit it.
    await editor.body().evaluate((el) => (el as HTMLTextAreaElement).setSelectionRange(21, 21));
    await editor.toolbar().getByRole('button', { name: 'Insert image' }).click();
    const dialog = editor.imageDialog();
    await dialog.getByLabel('Image file').setInputFiles({
      name: 'heron.png',
      mimeType: 'image/png',
      buffer: await image(600, 900, [90, 90, 140]),
    });
    await expect(dialog.getByTestId('image-dialog-preview')).toBeVisible({ timeout: 45_000 });
    await dialog.getByLabel('Describe the image (alt text)').fill('A heron standing in the reeds');
    await dialog.getByTestId('image-dialog-insert').click();
    await expect(dialog).toBeHidden();
    await editor.setStatus('published');
    await editor.save();
    await expect(editor.message()).toContainText('Published');
    // The edge keeps the anonymous index for its s-maxage, as CloudFront does.
    await invalidateEdge(stack, ['/api/posts*', '/posts*']);
  });

  const slug = new URL(
    (await page.getByTestId('editor-view-link').getAttribute('href')) ?? '',
    stack.webUrl,
  ).searchParams.get('slug');
  expect(slug).toBeTruthy();

  const postReady = async (p: Page) => {
    const post = new PostPage(p);
    await expect(post.title()).toHaveText(title);
    await loaded(post.cover());
    await loaded(post.body().getByRole('img', { name: 'A heron standing in the reeds' }));
  };
  const blogReady = async (p: Page) => {
    const card = new BlogIndexPage(p).card(title);
    await expect(card).toBeVisible();
    await loaded(card.getByTestId('post-card-thumbnail'));
  };
  // The author's session: the header turns signed-in and the post shows its Edit button.
  const author = await page.context().storageState();
  const visits = [
    { label: '/post', path: `/post?slug=${slug}`, ready: postReady },
    { label: '/blog', path: '/blog', ready: blogReady },
    {
      label: '/post (signed in)',
      path: `/post?slug=${slug}`,
      ready: async (p: Page) => {
        await postReady(p);
        await expect(p.getByTestId('post-edit')).toBeVisible();
      },
      session: author,
    },
  ];
  for (const device of VIEWPORTS) {
    for (const visit of visits) {
      await test.step(`${device.name}: ${visit.label}`, async () => {
        const shifts = await shiftsOn(browser, stack.webUrl, device, visit.path, visit.ready, visit.session);
        const total = shifts.reduce((sum, s) => sum + s.value, 0);
        expect
          .soft(total, `layout shifts on ${visit.label} (${device.name}): ${JSON.stringify(shifts, null, 1)}`)
          .toBeLessThan(MAX_LAYOUT_SHIFT);
      });
    }
  }
});
