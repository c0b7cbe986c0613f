import type { StackInfo } from '@app/local-stack';
import { test as base, expect } from '@playwright/test';
import { readStackInfo } from './stack-file';

/**
 * `stack`: the running local stack; `baseURL` follows it. `cspViolations` (automatic) fails a test
 * whose page broke the edge's Content-Security-Policy (SecurityHeadersPolicy in serverless.yml):
 * Chromium reports every blocked script, style, image or request on the console.
 */
export const test = base.extend<{ stack: StackInfo; cspViolations: string[] }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's parameters from this pattern
  stack: async ({}, use) => {
    await use(readStackInfo());
  },
  baseURL: async ({ stack }, use) => {
    await use(stack.webUrl);
  },
  cspViolations: [
    async ({ page }, use) => {
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await use(violations);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
