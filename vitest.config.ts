import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'services/*/src/**/*.test.ts',
            'apps/web/src/**/*.test.ts',
            'test/infra/**/*.test.ts',
          ],
          // Tests that package the template themselves run in the infra project.
          exclude: ['**/node_modules/**', 'test/infra/**/*.infra.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        // The deploy template, packaged offline by the Serverless CLI (slow: two full packagings).
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 900_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        // `npm run test:hardening`: an attacker's and a load tester's matrix against one fresh stack.
        test: {
          name: 'hardening',
          include: ['test/hardening/**/*.test.ts'],
          globalSetup: ['test/hardening/global-setup.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
