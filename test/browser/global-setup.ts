import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { startTestStack } from '../support/stack-process';
import { STACK_INFO_FILE } from './stack-file';

/**
 * Starts the real local stack with the static web build (`next build`, then apps/web/out served
 * with /config.json), writes its StackInfo for the tests, and returns the teardown that stops it.
 */
export default async function globalSetup() {
  const stack = await startTestStack({ name: 'browser', web: 'static' });
  mkdirSync(dirname(STACK_INFO_FILE), { recursive: true });
  writeFileSync(STACK_INFO_FILE, JSON.stringify(stack.info, null, 2));
  process.env.BROWSER_BASE_URL = stack.info.webUrl;
  return async () => {
    await stack.stop();
  };
}
