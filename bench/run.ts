/**
 * `npm run bench`: runs every benchmark and writes BENCHMARKS.md. Each bench compares against a
 * baseline measured in the same run (ratios, not absolute times). Select some with arguments:
 * `npm run bench -- bundles thumbnails`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestStack, type TestStack } from '../test/support/stack-process';

const root = resolve(import.meta.dirname, '..');
const ALL = ['bundles', 's3-gateway', 'thumbnails', 'todos', 'concurrency', 'edge', 'lighthouse'] as const;
const NEEDS_STACK = new Set(['todos', 'concurrency', 'edge']);

const selected = process.argv.slice(2).length > 0 ? process.argv.slice(2) : [...ALL];
let stack: TestStack | undefined;
const sections: string[] = [];
try {
  if (selected.some((s) => NEEDS_STACK.has(s)) && !process.env.BENCH_STACK_JSON) {
    stack = await startTestStack({ name: 'bench', web: 'none' });
    process.env.BENCH_STACK_JSON = join(stack.info.dataDir, 'stack.json');
  }
  for (const name of selected) {
    process.stdout.write(`bench: ${name}…\n`);
    const mod = (await import(`./${name}.ts`)) as { run(): Promise<string> };
    const section = await mod.run();
    process.stdout.write(`${section}\n\n`);
    sections.push(section);
  }
} finally {
  await stack?.stop();
}
const header = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB. Every figure is compared with a baseline run in the same script; absolute times vary between machines, ratios much less.`,
  '',
].join('\n');
if (selected.length === ALL.length) {
  writeFileSync(join(root, 'BENCHMARKS.md'), `${header}\n${sections.join('\n\n')}\n`);
  process.stdout.write('Wrote BENCHMARKS.md\n');
} else {
  // A partial run replaces its own sections (by their "## " heading) and keeps the rest as it was.
  const file = join(root, 'BENCHMARKS.md');
  let text = existsSync(file) ? readFileSync(file, 'utf8') : `${header}\n`;
  for (const section of sections) {
    const heading = section.split('\n')[0] ?? '';
    const start = text.indexOf(`${heading}\n`);
    if (start === -1) {
      text = `${text.trimEnd()}\n\n${section}\n`;
      continue;
    }
    const next = text.indexOf('\n## ', start + heading.length);
    text = `${text.slice(0, start)}${section}\n${next === -1 ? '' : text.slice(next)}`;
  }
  writeFileSync(file, text);
  process.stdout.write(`(partial run: replaced ${sections.length} section(s) of BENCHMARKS.md)\n`);
}
