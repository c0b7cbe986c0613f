import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startTestStack } from '../support/stack-process';
import type { CheckRecord } from './support/tally';

/**
 * One fresh local stack (no web app) for the whole hardening suite, and the per-category totals
 * of every check at the end of the run.
 */
export default async function setup(project: TestProject) {
  const started = Date.now();
  const stack = await startTestStack({
    name: 'hardening',
    web: 'none',
    env: { LOCAL_STACK_CREDENTIAL_TTL: '900' },
  });
  const tally = join(stack.info.dataDir, 'hardening-tally.jsonl');
  rmSync(tally, { force: true });
  project.provide('stack', stack.info);
  project.provide('hardeningTally', tally);
  return async () => {
    await stack.stop();
    printTotals(tally, Date.now() - started);
  };
}

function printTotals(file: string, ms: number): void {
  const records: CheckRecord[] = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as CheckRecord)
    : [];
  const byCategory = new Map<string, { checks: number; failures: number }>();
  for (const r of records) {
    const row = byCategory.get(r.category) ?? { checks: 0, failures: 0 };
    row.checks += 1;
    if (!r.ok) row.failures += 1;
    byCategory.set(r.category, row);
  }
  const lines = [...byCategory.entries()].map(
    ([category, { checks, failures }]) =>
      `  ${category.padEnd(24)} ${String(checks).padStart(6)} checks  ${failures} failures`,
  );
  const total = records.length;
  const failed = records.filter((r) => !r.ok).length;
  console.log(
    [
      '',
      'Hardening totals',
      ...lines,
      `  ${'all'.padEnd(24)} ${String(total).padStart(6)} checks  ${failed} failures  (${Math.round(ms / 1000)} s incl. stack start)`,
      ...records
        .filter((r) => !r.ok)
        .slice(0, 40)
        .map((r) => `  FAILED [${r.category}] ${r.name}: ${r.message ?? ''}`.slice(0, 400)),
      '',
    ].join('\n'),
  );
}

declare module 'vitest' {
  export interface ProvidedContext {
    hardeningTally: string;
  }
}
