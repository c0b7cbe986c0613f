import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'serverless.yml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find serverless.yml above ${start}`);
    dir = parent;
  }
  return dir;
}

/** The repository root (where serverless.yml lives). */
export const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

/** Where the local stack keeps its data (git-ignored). LOCAL_STACK_DIR overrides, e.g. for tests. */
export function stackDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(repoRoot, env.LOCAL_STACK_DIR ?? '.local');
}

/** Downloads and built helpers that survive `npm run stack:reset` (but not a fresh clone). */
export const cacheDir = join(repoRoot, 'node_modules', '.cache', 'local-stack');
