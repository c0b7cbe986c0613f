import { parseCopySource, type S3Operation } from './s3-operations';
import { headerValue, type RequestParts } from './sigv4';

export type LockMode = 'read' | 'write';

export interface KeyLock {
  /** `bucket/key`, the literal S3 key. */
  key: string;
  mode: LockMode;
}

interface Entry {
  readers: number;
  writer: boolean;
  waiting: { mode: LockMode; grant: () => void }[];
}

/**
 * Per-key reader/writer locks that make s3rver's overwrites atomic, as S3's are.
 *
 * s3rver stores an object as three files (the bytes, `.md5`, `metadata.json`) that a PUT, a copy or
 * a multipart Complete rewrites in place and that a GET reads one after the other, so a GET that
 * overlaps an overwrite of its key can end early or mix versions. A temp key + rename is not open to
 * the gateway (s3rver has no rename; its CopyObject copies in place too), so the gateway serializes
 * instead: writers of a key are exclusive, readers shared, in arrival order (a waiting writer holds
 * back the readers that come after it, so readers cannot starve it). Each lock covers one complete
 * exchange with s3rver (request sent, answer read to its end), never a client's upload or download.
 */
export class KeyLocks {
  private readonly entries = new Map<string, Entry>();

  /** Keys with a holder or a waiter; idle keys are forgotten. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Takes every lock, in one global key order (so two requests never wait on each other in a cycle),
   * and resolves to the function that releases them all; calling it again does nothing.
   */
  async acquire(locks: KeyLock[]): Promise<() => void> {
    const modes = new Map<string, LockMode>();
    for (const { key, mode } of locks) if (modes.get(key) !== 'write') modes.set(key, mode);
    const ordered = [...modes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [key, mode] of ordered) await this.lock(key, mode);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const [key, mode] of ordered) this.unlock(key, mode);
    };
  }

  private lock(key: string, mode: LockMode): Promise<void> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { readers: 0, writer: false, waiting: [] };
      this.entries.set(key, entry);
    }
    if (entry.waiting.length === 0 && grantable(entry, mode)) {
      take(entry, mode);
      return Promise.resolve();
    }
    const queue = entry.waiting;
    return new Promise((grant) => queue.push({ mode, grant }));
  }

  private unlock(key: string, mode: LockMode): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    if (mode === 'write') entry.writer = false;
    else entry.readers -= 1;
    for (let next = entry.waiting[0]; next && grantable(entry, next.mode); next = entry.waiting[0]) {
      entry.waiting.shift();
      take(entry, next.mode);
      next.grant();
    }
    if (!entry.writer && entry.readers === 0 && entry.waiting.length === 0) this.entries.delete(key);
  }
}

const grantable = (entry: Entry, mode: LockMode) => !entry.writer && (mode === 'read' || entry.readers === 0);

function take(entry: Entry, mode: LockMode): void {
  if (mode === 'write') entry.writer = true;
  else entry.readers += 1;
}

export const lockKey = (bucket: string, key: string) => `${bucket}/${key}`;

/** Operations that replace or remove an object's content (DeleteObjects locks per key, see delete-objects.ts). */
const WRITES = new Set(['PutObject', 'CopyObject', 'CompleteMultipartUpload', 'DeleteObject']);
const READS = new Set(['GetObject', 'HeadObject']);

/** The locks an operation's exchange with s3rver needs: its key, and a copy's source for reading. */
export function locksOf(operation: S3Operation, parts: RequestParts): KeyLock[] {
  const { bucket, key } = operation;
  if (bucket === undefined || key === undefined) return [];
  const locks: KeyLock[] = [];
  if (WRITES.has(operation.operation)) locks.push({ key: lockKey(bucket, key), mode: 'write' });
  if (READS.has(operation.operation)) locks.push({ key: lockKey(bucket, key), mode: 'read' });
  const copySource = headerValue(parts, 'x-amz-copy-source');
  if (
    copySource !== undefined &&
    (operation.operation === 'CopyObject' || operation.operation === 'UploadPartCopy')
  ) {
    const source = parseCopySource(copySource);
    locks.push({ key: lockKey(source.bucket, source.key), mode: 'read' });
  }
  return locks;
}
