import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface IdentityRecord {
  identityId: string;
  /** `<provider name>:<sub>` for authenticated identities; absent for guests. */
  login?: string;
  createdAt: string;
}

interface IdentityFile {
  version: 1;
  identities: IdentityRecord[];
}

/**
 * The identity pool's identities, persisted in `<dataDir>/identities.json` so identity ids (and so the
 * S3 prefixes keyed by them) stay stable across restarts.
 */
export class IdentityMap {
  private readonly byId = new Map<string, IdentityRecord>();
  private readonly byLogin = new Map<string, IdentityRecord>();
  private readonly file: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly region: string,
  ) {
    this.file = join(dataDir, 'identities.json');
    if (!existsSync(this.file)) return;
    const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as IdentityFile;
    for (const record of parsed.identities) this.index(record);
  }

  get(identityId: string): IdentityRecord | undefined {
    return this.byId.get(identityId);
  }

  async forLogin(login: string): Promise<IdentityRecord> {
    const existing = this.byLogin.get(login);
    if (existing) return existing;
    return this.add({ identityId: this.newId(), login, createdAt: new Date().toISOString() });
  }

  async createGuest(): Promise<IdentityRecord> {
    return this.add({ identityId: this.newId(), createdAt: new Date().toISOString() });
  }

  private async add(record: IdentityRecord): Promise<IdentityRecord> {
    this.index(record);
    await this.persist();
    return record;
  }

  private index(record: IdentityRecord): void {
    this.byId.set(record.identityId, record);
    if (record.login) this.byLogin.set(record.login, record);
  }

  private newId(): string {
    return `${this.region}:${randomUUID()}`;
  }

  /** Writes are chained so two concurrent GetId calls cannot interleave their temp files. */
  private persist(): Promise<void> {
    const snapshot: IdentityFile = { version: 1, identities: [...this.byId.values()] };
    const previous = this.writing.catch(() => undefined);
    this.writing = previous.then(async () => {
      const temp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temp, `${JSON.stringify(snapshot, null, 2)}\n`);
      await rename(temp, this.file);
    });
    return this.writing;
  }
}

/** Reads the 32-byte master key from `<dataDir>/master.key`, creating it (mode 600) on first use. */
export function loadMasterKey(dataDir: string): Buffer {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'master.key');
  try {
    writeFileSync(file, randomBytes(32), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  chmodSync(file, 0o600);
  const key = readFileSync(file);
  if (key.length !== 32) throw new Error(`${file} must hold exactly 32 bytes; delete it to regenerate`);
  return key;
}
