import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const plugins: Plugin[] = createRequire(import.meta.url)(
  join(root, 'serverless-plugins/esbuild-plugins.cjs'),
);

/** Bundles `code` as serverless.yml does (ESM, node24, with the plugins); the output and its inputs. */
async function bundle(code: string) {
  const result = await build({
    stdin: { contents: code, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);" },
    plugins,
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  return { text: result.outputFiles[0]?.text ?? '', inputs };
}

const eventStreamCode = (inputs: string[]) => inputs.filter((f) => f.includes('/submodules/event-streams/'));

describe('esbuild plugins of the Lambda bundles', () => {
  it('leaves the SDK’s lazily loaded event streams out of a client that never streams', async () => {
    const { inputs } = await bundle(
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; export const c = new DynamoDBClient({});",
    );
    expect(inputs.some((f) => f.includes('@aws-sdk/client-dynamodb/'))).toBe(true);
    expect(eventStreamCode(inputs)).toEqual([]);
  });

  it('keeps what a client imports statically from the event-stream module (S3’s config resolvers)', async () => {
    const { inputs } = await bundle(
      "import { S3Client } from '@aws-sdk/client-s3'; export const c = new S3Client({});",
    );
    expect(eventStreamCode(inputs).length).toBeGreaterThan(0);
  });

  it('fails an event-stream load with an error that names the plugin', async () => {
    const { text } = await bundle("export const load = () => import('@smithy/core/event-streams');");
    const dir = await mkdtemp(join(tmpdir(), 'esbuild-plugins-'));
    try {
      const file = join(dir, 'lazy.mjs');
      await writeFile(file, text);
      const { load } = (await import(pathToFileURL(file).href)) as { load: () => Promise<unknown> };
      await expect(load()).rejects.toThrow(/left out of the Lambda bundles .*lazyEventStreamsOff/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
