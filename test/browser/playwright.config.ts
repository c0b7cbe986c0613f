import { defineConfig } from '@playwright/test';

/**
 * Browser journeys against the real local stack (static export of the web app + API + emulators),
 * started once by global-setup.ts. Debian's Chromium: `apt-get install -y chromium`.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  globalSetup: './global-setup.ts',
  outputDir: '../../test-results/browser',
  reporter: [['list']],
  use: {
    // The real base URL comes from the stack (see fixtures.ts); this is only the default.
    baseURL: process.env.BROWSER_BASE_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
