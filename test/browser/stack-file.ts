import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { StackInfo } from '@app/local-stack';

/** Where global-setup.ts leaves the running stack's details for the test workers. */
export const STACK_INFO_FILE = join(
  resolve(import.meta.dirname, '..', '..'),
  '.local',
  'test-browser',
  'browser-stack-info.json',
);

export function readStackInfo(): StackInfo {
  return JSON.parse(readFileSync(STACK_INFO_FILE, 'utf8')) as StackInfo;
}
