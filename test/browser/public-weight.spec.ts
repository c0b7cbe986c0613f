import type { StackInfo } from '@app/local-stack';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import type { Page, Response } from '@playwright/test';
import { apiClient } from '../support/api';
import { createUser } from '../support/users';
import { expect, test } from './fixtures';
import { PASSWORD, uniqueEmail } from './support';

/**
 * What the public pages load, read from the browser's network log. A chunk is named by what is in
 * it, not by its file name (which changes with every build): each library has a string that only
 * its own code contains.
 */
const LIBRARIES = {
  // amazon-cognito-identity-js: the X-Amz-Target prefix of its Cognito client, and its SRP flow.
  cognito: ['AWSCognitoIdentityProviderService', 'USER_SRP_AUTH'],
  // marked's own error text, and DOMPurify's Trusted Types policy attribute.
  markdown: ['marked(): input parameter is undefined or null', 'data-tt-policy-suffix'],
  // The AWS SDK v3's user-agent header (S3 client, credential providers).
  awsSdk: ['x-amz-user-agent'],
} as const;
type Library = keyof typeof LIBRARIES;

/** Records every JavaScript response the page receives, from now on. */
function recordScripts(page: Page) {
  const scripts: Response[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script' || /\.js(\?|$)/.test(response.url()))
      scripts.push(response);
  });
  return {
    /** The libraries found in the scripts loaded so far, with the script that held each. */
    async libraries(): Promise<Map<Library, string>> {
      const found = new Map<Library, string>();
      for (const response of scripts) {
        const body = await response.text();
        for (const [library, markers] of Object.entries(LIBRARIES) as [Library, readonly string[]][])
          if (markers.some((marker) => body.includes(marker))) found.set(library, response.url());
      }
      return found;
    },
    count: () => scripts.length,
    responses: () => [...scripts],
  };
}

/** The page is settled: nothing left in flight (Link prefetches included). */
async function settle(page: Page) {
  await page.waitForLoadState('networkidle', { timeout: 30_000 });
}

async function publishPost(stack: StackInfo) {
  const user = await createUser(stack, { email: uniqueEmail('light'), password: PASSWORD });
  const title = `Light pages ${Date.now().toString(36)}`;
  const created = await apiClient(stack, user.accessToken)('POST', '/posts', {
    body: { title, status: 'published', body: 'Some **bold** words and a list:\n\n- one\n- two\n' },
  });
  expect(created.status).toBe(201);
  // The edge keeps the anonymous index for its s-maxage, as CloudFront does.
  await new CloudFrontClient({
    region: stack.region,
    endpoint: stack.cloudfrontEndpoint,
    credentials: stack.deployerCredentials,
  }).send(
    new CreateInvalidationCommand({
      DistributionId: stack.distributionId,
      InvalidationBatch: {
        CallerReference: `light-${Date.now()}`,
        Paths: { Quantity: 2, Items: ['/api/posts*', '/posts*'] },
      },
    }),
  );
  return { user, title, slug: (created.body as { slug: string }).slug };
}

test('public pages are light: /blog loads no sign-in, AWS SDK or markdown code; /post no sign-in or AWS SDK', async ({
  page,
  stack,
}) => {
  test.slow();
  const { title, slug } = await publishPost(stack);

  await test.step('/blog, signed out: plain-text excerpts, no Cognito, SDK or markdown chunk', async () => {
    const scripts = recordScripts(page);
    const html = await page.goto('/blog');
    await expect(page.getByTestId('post-card').filter({ hasText: title })).toBeVisible();
    await expect(page.getByTestId('nav-signin')).toBeVisible();
    await settle(page);
    expect(scripts.count()).toBeGreaterThan(0);
    expect(Object.fromEntries(await scripts.libraries())).toEqual({});

    // A fresh context (empty cache): every answer came over the wire, compressed by the edge.
    expect(html?.status()).toBe(200);
    expect((await html?.allHeaders())?.['content-encoding']).toMatch(/^(br|gzip)$/);
    for (const response of scripts.responses()) {
      expect(response.status(), response.url()).toBe(200);
      expect((await response.allHeaders())['content-encoding'], response.url()).toMatch(/^(br|gzip)$/);
    }
  });

  await test.step('/post, signed out: the markdown renderer, but no Cognito or SDK chunk', async () => {
    const scripts = recordScripts(page);
    await page.goto(`/post?slug=${encodeURIComponent(slug)}`);
    await expect(page.getByTestId('post-body').locator('strong')).toHaveText('bold');
    await settle(page);
    // The same check finds the markdown library here: it can fail.
    expect(Object.keys(Object.fromEntries(await scripts.libraries()))).toEqual(['markdown']);
  });

  await test.step('the sign-in page loads the Cognito library (the same check finds it)', async () => {
    const scripts = recordScripts(page);
    await page.goto('/signin');
    await expect(page.getByTestId('signin-submit')).toBeVisible();
    await settle(page);
    expect((await scripts.libraries()).has('cognito')).toBe(true);
  });
});
