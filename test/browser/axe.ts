import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The app follows the system colour scheme (globals.css): both are checked. */
const SCHEMES = ['light', 'dark'] as const;

/**
 * axe-core (WCAG 2.x A and AA rules) on the page as it is now, in the light and the dark colour
 * scheme: 0 violations, each listed by scheme, rule and element when it fails. Called on every page
 * the suite visits, in the state a user sees. Leaves the page in the light scheme (Playwright's
 * default).
 */
export async function expectNoA11yViolations(page: Page, label = page.url()) {
  const found: string[] = [];
  try {
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
        .analyze();
      for (const v of results.violations)
        found.push(
          `${colorScheme}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        );
    }
  } finally {
    await page.emulateMedia({ colorScheme: 'light' });
  }
  expect(found, `axe violations on ${label}`).toEqual([]);
}
