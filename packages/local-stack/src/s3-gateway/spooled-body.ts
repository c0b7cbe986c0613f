import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Transform } from 'node:stream';
import { S3Error } from './s3-error';

export interface SpooledBody {
  length: number;
  /** A fresh readable of the verified bytes (a Buffer when they fit in memory). */
  content(): Buffer | Readable;
  dispose(): Promise<void>;
}

export interface SpoolOptions {
  /** Bodies up to this size stay in memory; larger ones go to a temp file. */
  memoryLimit: number;
  /** Refuse bodies larger than this. */
  maxBytes?: number;
}

/** Pipes `source` through `stages`, forwarding errors down the chain; returns the last readable. */
export function chain(source: Readable, stages: Transform[]): Readable {
  let last = source;
  for (const stage of stages) {
    last.pipe(stage);
    last.once('error', (error) => stage.destroy(error));
    last = stage;
  }
  return last;
}

/**
 * Reads the whole request body through its decoding and verification stages before anything is sent
 * upstream. s3rver writes straight into the object's file, so an upload aborted half-way would leave a
 * truncated object (and clobber the previous one); AWS stores nothing when a body fails verification.
 */
export async function spoolBody(
  source: Readable,
  stages: Transform[],
  options: SpoolOptions,
): Promise<SpooledBody> {
  const memory: Buffer[] = [];
  let length = 0;
  let file: { dir: string; path: string; stream: WriteStream } | undefined;
  try {
    for await (const chunk of chain(source, stages)) {
      const buffer = chunk as Buffer;
      length += buffer.length;
      if (options.maxBytes !== undefined && length > options.maxBytes) {
        throw new S3Error('MaxMessageLengthExceeded', 'Your request was too big.', 400);
      }
      if (!file && length > options.memoryLimit) {
        const dir = await mkdtemp(join(tmpdir(), 's3-gateway-'));
        file = {
          dir,
          path: join(dir, 'body'),
          stream: createWriteStream(join(dir, 'body'), { mode: 0o600 }),
        };
        for (const held of memory.splice(0)) await write(file.stream, held);
      }
      if (file) await write(file.stream, buffer);
      else memory.push(buffer);
    }
    if (file) {
      file.stream.end();
      await once(file.stream, 'finish');
    }
  } catch (error) {
    if (file) {
      file.stream.destroy();
      await rm(file.dir, { recursive: true, force: true });
    }
    throw error;
  }
  if (!file) {
    const buffer = Buffer.concat(memory);
    return { length, content: () => buffer, dispose: async () => {} };
  }
  const { dir, path } = file;
  return {
    length,
    content: () => createReadStream(path),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

async function write(stream: WriteStream, chunk: Buffer): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}
