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
/** Ends each generated section: what follows it, up to the next "## " heading, is kept by every run. */
const GENERATED_END = '<!-- end of the generated part: the notes below it are kept by `npm run bench` -->';
const header = [
  '# Benchmarks',
  '',
  `Last written by \`npm run bench${selected.length === ALL.length ? '' : ` -- ${selected.join(' ')}`}\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB. Every figure is compared with a baseline run in the same script; absolute times vary between machines, ratios much less.`,
  '',
].join('\n');

/**
 * Puts each section in place of the one with the same "## " heading, up to its end marker (or, in
 * a file written before the marker existed, up to the next "## "): the notes written by hand under
 * a section — history, analysis — stay. New sections are appended; the header line is renewed.
 */
function merge(text: string, fresh: string[]): string {
  let out = text.replace(/^# Benchmarks\n\n[^\n]*\n/, `${header}`);
  for (const section of fresh) {
    const heading = section.split('\n')[0] ?? '';
    const body = `${section}\n\n${GENERATED_END}`;
    const start = out.indexOf(`${heading}\n`);
    if (start === -1) {
      out = `${out.trimEnd()}\n\n${body}\n`;
      continue;
    }
    const next = out.indexOf('\n## ', start + heading.length);
    const marker = out.indexOf(GENERATED_END, start);
    const rest =
      marker !== -1 && (next === -1 || marker < next)
        ? out.slice(marker + GENERATED_END.length)
        : next === -1
          ? '\n'
          : `\n${out.slice(next)}`;
    out = `${out.slice(0, start)}${body}${rest}`;
  }
  return out;
}

const file = join(root, 'BENCHMARKS.md');
writeFileSync(file, merge(existsSync(file) ? readFileSync(file, 'utf8') : `${header}\n`, sections));
process.stdout.write(`Wrote ${sections.length} section(s) of BENCHMARKS.md (notes under them kept)\n`);
