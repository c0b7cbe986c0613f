/** What the benches share: the stack they run against, and `npx tsx bench/<name>.ts` printing a section. */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { StackInfo } from '@app/local-stack';
import { startTestStack } from '../test/support/stack-process';

export interface BenchStack {
  info: StackInfo;
  /** True when this bench started the stack itself (a throwaway one). */
  own: boolean;
  /** Stops the stack if this bench started it; a no-op for BENCH_STACK_JSON's. */
  stop(): Promise<void>;
}

/** BENCH_STACK_JSON's stack (a stack.json path, as `npm run bench` shares one), or a stack of its own (web none). */
export async function benchStack(name: string): Promise<BenchStack> {
  if (process.env.BENCH_STACK_JSON) {
    const info = JSON.parse(readFileSync(process.env.BENCH_STACK_JSON, 'utf8')) as StackInfo;
    return { info, own: false, stop: async () => {} };
  }
  process.stderr.write(`${name}: starting a local stack…\n`);
  const own = await startTestStack({ name, web: 'none' });
  return { info: own.info, own: true, stop: () => own.stop() };
}

/** Runs `run` and prints its markdown section when `moduleUrl` is the script node was started with. */
export function printWhenMain(moduleUrl: string, run: () => Promise<string>): void {
  const entry = process.argv[1];
  if (!entry || moduleUrl !== pathToFileURL(entry).href) return;
  run().then(
    (section) => process.stdout.write(section),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
