import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** Resolves when the process exits (with its code or signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stopping: boolean;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  logDir: string;
  /** Echo output to this process's stdout with a `[name]` prefix. */
  echo?: boolean;
}

/**
 * Starts a child in its own process group (detached), so stopping it stops everything it spawned
 * (npx, tsx, next and java wrappers included). Output goes to `<logDir>/<name>.log`.
 */
export function startProcess(options: StartOptions): ManagedProcess {
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `${options.name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  log.write(`\n--- ${new Date().toISOString()} ${options.command} ${options.args.join(' ')}\n`);
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const forward = (chunk: Buffer) => {
    log.write(chunk);
    if (options.echo) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim()) process.stdout.write(`[${options.name}] ${line}\n`);
      }
    }
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      log.end();
      resolve({ code, signal });
    });
    child.once('error', (error) => {
      log.write(`spawn error: ${error.message}\n`);
      log.end();
      resolve({ code: 127, signal: null });
    });
  });
  return { name: options.name, child, logFile, exited, stopping: false };
}

export function tailLog(file: string, lines = 25): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function canConnect(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Waits until `check` passes, failing early (with the log's tail) if the process exits first,
 * or after `timeoutMs` — never hangs.
 */
export async function waitUntilReady(
  proc: ManagedProcess,
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  let exitedWith: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void proc.exited.then((e) => {
    exitedWith = e;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitedWith) {
      throw new Error(
        `${proc.name} exited (code ${exitedWith.code ?? exitedWith.signal}) before ${what}. Last lines of ${proc.logFile}:\n${tailLog(proc.logFile)}`,
      );
    }
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  await stopProcess(proc); // not left running unsupervised: nothing else knows about it yet
  throw new Error(
    `${proc.name} did not become ready (${what}) within ${timeoutMs / 1000}s. Last lines of ${proc.logFile}:\n${tailLog(proc.logFile)}`,
  );
}

export const portOpen =
  (port: number, host = '127.0.0.1') =>
  () =>
    canConnect(port, host);

/** SIGTERM the whole process group, SIGKILL after a grace period. */
export async function stopProcess(proc: ManagedProcess, graceMs = 5000): Promise<void> {
  proc.stopping = true;
  const pid = proc.child.pid;
  if (pid === undefined || proc.child.exitCode !== null || proc.child.signalCode !== null) {
    killGroup(pid, 'SIGKILL'); // grandchildren may outlive a dead wrapper
    return;
  }
  killGroup(pid, 'SIGTERM');
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
  if ((await Promise.race([proc.exited, timer])) === 'timeout') killGroup(pid, 'SIGKILL');
  killGroup(pid, 'SIGKILL');
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals) {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
