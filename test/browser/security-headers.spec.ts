import { expect, test } from './fixtures';

// The local edge applies WebDistribution's SecurityHeadersPolicy (serverless.yml) to every behaviour,
// as CloudFront does; every journey in this folder runs under it (fixtures.ts fails on a violation).

test('the site, the API and thumbnails carry the security headers; the app runs under the CSP', async ({
  page,
  request,
  stack,
}) => {
  const response = await page.goto('/');
  const headers = response?.headers() ?? {};
  expect(headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  const csp = headers['content-security-policy'] ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("script-src 'self' 'unsafe-inline'");
  // Locally the browser calls the emulators on loopback directly (Cognito, S3).
  expect(csp).toContain("connect-src 'self' http://127.0.0.1:*");
  // Why 'unsafe-inline': the static export bootstraps the page with inline scripts, and it works.
  expect(await page.locator('script:not([src])').count()).toBeGreaterThan(0);
  await expect(page.locator('body')).toBeVisible();
  await page.waitForLoadState('networkidle');

  const api = await request.get(`${stack.webUrl}/api/health`);
  expect(api.headers()['content-security-policy']).toBe(csp);
  expect(api.headers()['x-content-type-options']).toBe('nosniff');
});
