import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findFreePortBase, type StackInfo } from '@app/local-stack';

const repoRoot = resolve(import.meta.dirname, '..', '..');

export interface TestStack {
  info: StackInfo;
  stop(): Promise<void>;
}

/**
 * Starts the real local stack with the project's own CLI (the same code as `npm start`), on a
 * free port range and in a fresh data directory, and waits for its stack.json.
 * Set TEST_STACK_JSON=<path to a running stack's stack.json> to reuse a stack you started yourself.
 */
export async function startTestStack(opts: {
  name: string;
  web: 'none' | 'static' | 'dev';
  env?: Record<string, string>;
}): Promise<TestStack> {
  if (process.env.TEST_STACK_JSON) {
    const info = JSON.parse(readFileSync(process.env.TEST_STACK_JSON, 'utf8')) as StackInfo;
    return { info, stop: async () => undefined };
  }
  const dataDir = join(repoRoot, '.local', `test-${opts.name}`);
  rmSync(dataDir, { recursive: true, force: true });
  const base = await findFreePortBase(Number(process.env.TEST_STACK_PORT_BASE ?? 4400));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'packages/local-stack/src/cli.ts'), 'start'],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        LOCAL_STACK_DIR: dataDir,
        LOCAL_STACK_PORT_BASE: String(base),
        LOCAL_STACK_WEB: opts.web,
        LOCAL_STACK_QUIET: '1',
        // Tests start from nothing and keep warm Lambdas, as AWS does between deploys.
        LOCAL_STACK_DYNAMODB_IN_MEMORY: '1',
        LOCAL_STACK_RELOAD_HANDLERS: '0',
        ...opts.env,
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
    if (process.env.TEST_STACK_VERBOSE) process.stdout.write(d);
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
    if (process.env.TEST_STACK_VERBOSE) process.stderr.write(d);
  });
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  const stackFile = join(dataDir, 'stack.json');
  const deadline = Date.now() + 240_000;
  while (!existsSync(stackFile)) {
    if (exited !== undefined)
      throw new Error(`The local stack exited (${exited}) before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      killGroup(child, 'SIGKILL');
      throw new Error(`The local stack was not ready within 240 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const info = JSON.parse(readFileSync(stackFile, 'utf8')) as StackInfo;
  return {
    info,
    stop: async () => {
      if (exited !== undefined) return;
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      killGroup(child, 'SIGTERM');
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000).unref());
      if ((await Promise.race([done, timeout])) === 'timeout') killGroup(child, 'SIGKILL');
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // gone
  }
}
