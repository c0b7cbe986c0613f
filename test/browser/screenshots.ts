import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';

export const SCREENSHOT_DIR = join(
  resolve(import.meta.dirname, '..', '..'),
  'test-results',
  'browser-screenshots',
);

const PHONE = { width: 390, height: 844 };

/** Full-page screenshots at desktop and phone width (for a person to look at; not compared). */
export async function screenshotBoth(page: Page, name: string) {
  const original = page.viewportSize();
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-phone.png`), fullPage: true });
  if (original) await page.setViewportSize(original);
}
