import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManagedProcess } from './processes';

/**
 * The stack's children run in their own process groups, so a `kill -9` of the orchestrator would
 * leave them running. Their groups are recorded in `<dataDir>/children.json`; the next start (or
 * reset) stops any that are still alive, but only when the orchestrator that started them is gone.
 */
interface ChildRecord {
  name: string;
  pgid: number;
  command: string;
}
interface ChildrenFile {
  orchestratorPid: number;
  children: ChildRecord[];
}

const file = (dataDir: string) => join(dataDir, 'children.json');

export function recordChildren(dataDir: string, processes: ManagedProcess[]): void {
  const content: ChildrenFile = {
    orchestratorPid: process.pid,
    children: processes
      .filter((p) => p.child.pid !== undefined)
      .map((p) => ({ name: p.name, pgid: p.child.pid as number, command: String(p.child.spawnfile) })),
  };
  writeFileSync(`${file(dataDir)}.tmp`, JSON.stringify(content, null, 2));
  renameSync(`${file(dataDir)}.tmp`, file(dataDir));
}

export function forgetChildren(dataDir: string): void {
  rmSync(file(dataDir), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
  } catch {
    return '';
  }
}

/**
 * Throws if another orchestrator is running on this data directory; otherwise stops the
 * leftovers of one that died (same group id and same program, so a reused pid is left alone).
 * Returns how many it stopped.
 */
export function cleanUpStaleStack(dataDir: string, log: (line: string) => void): number {
  const records: ChildrenFile | undefined = existsSync(file(dataDir))
    ? (JSON.parse(readFileSync(file(dataDir), 'utf8')) as ChildrenFile)
    : undefined;
  const stackFile = join(dataDir, 'stack.json');
  const runningPid =
    records?.orchestratorPid ??
    (existsSync(stackFile)
      ? (JSON.parse(readFileSync(stackFile, 'utf8')) as { pid?: number }).pid
      : undefined);
  if (runningPid !== undefined && runningPid !== process.pid && alive(runningPid)) {
    throw new Error(
      `A local stack (pid ${runningPid}) is already running on ${dataDir}: stop it first (Ctrl-C).`,
    );
  }
  let stopped = 0;
  for (const child of records?.children ?? []) {
    if (alive(child.pgid) && commandOf(child.pgid).endsWith(child.command.split('/').pop() ?? '\0')) {
      try {
        process.kill(-child.pgid, 'SIGKILL');
        stopped++;
        log(`  stopped ${child.name} (pid ${child.pgid}) left over from a stack that did not shut down`);
      } catch {
        // already gone
      }
    }
  }
  forgetChildren(dataDir);
  rmSync(stackFile, { force: true });
  return stopped;
}
