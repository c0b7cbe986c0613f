import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findFreePortBase, type StackInfo } from '@app/local-stack';

const repoRoot = resolve(import.meta.dirname, '..', '..');

export interface TestStack {
  info: StackInfo;
  /** Stops the whole stack (SIGTERM by default; SIGINT is Ctrl-C). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** `kill -9` of the orchestrator alone: its children keep running, as after a crash. */
  killOrchestrator(): Promise<void>;
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
  /** Start on the data an earlier stack of this name left (default: a fresh directory). */
  keepData?: boolean;
  portBase?: number;
  /** Always start a stack of its own, even when TEST_STACK_JSON names a running one. */
  own?: boolean;
}): Promise<TestStack> {
  if (process.env.TEST_STACK_JSON && !opts.own) {
    const info = JSON.parse(readFileSync(process.env.TEST_STACK_JSON, 'utf8')) as StackInfo;
    return { info, stop: async () => undefined, killOrchestrator: async () => undefined };
  }
  const dataDir = join(repoRoot, '.local', `test-${opts.name}`);
  if (!opts.keepData) rmSync(dataDir, { recursive: true, force: true });
  rmSync(join(dataDir, 'stack.json'), { force: true });
  const base = opts.portBase ?? (await findFreePortBase(Number(process.env.TEST_STACK_PORT_BASE ?? 4400)));
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
  // A loaded machine can take longer than the default: TEST_STACK_READY_SECONDS raises it.
  const readySeconds = Number(process.env.TEST_STACK_READY_SECONDS ?? 240);
  const deadline = Date.now() + readySeconds * 1000;
  while (!existsSync(stackFile)) {
    if (exited !== undefined)
      throw new Error(`The local stack exited (${exited}) before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      // SIGTERM first: the orchestrator stops its children (each in a process group of its own).
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      killGroup(child, 'SIGTERM');
      const late = new Promise<'late'>((r) => setTimeout(() => r('late'), 20_000).unref());
      if ((await Promise.race([done, late])) === 'late') killGroup(child, 'SIGKILL');
      throw new Error(`The local stack was not ready within ${readySeconds} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const info = JSON.parse(readFileSync(stackFile, 'utf8')) as StackInfo;
  return {
    info,
    killOrchestrator: async () => {
      if (exited !== undefined) return;
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      if (child.pid) process.kill(child.pid, 'SIGKILL');
      await done;
    },
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (exited !== undefined) return;
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      killGroup(child, signal);
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
