import type { StackInfo } from '@app/local-stack';
import { test as base, expect } from '@playwright/test';
import { readStackInfo } from './stack-file';

/** `stack`: the running local stack; `baseURL` follows it. */
export const test = base.extend<{ stack: StackInfo }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's parameters from this pattern
  stack: async ({}, use) => {
    await use(readStackInfo());
  },
  baseURL: async ({ stack }, use) => {
    await use(stack.webUrl);
  },
});

export { expect };
