import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Template } from './template-rules';

const run = promisify(execFile);

export interface PackagedStage {
  name: string;
  dir: string;
  templatePath: string;
  template: Template;
}

/**
 * `serverless package --stage <stage>` into a fresh folder: offline, no AWS credentials. Each run
 * builds in its own esbuild folder so it never clobbers a running local stack's build; callers
 * run packagings one after the other (serverless-esbuild passes zips through .serverless/).
 */
export async function packageStage(
  repoRoot: string,
  name: string,
  stage: string,
  params: string[],
): Promise<PackagedStage> {
  const dir = await mkdtemp(join(tmpdir(), `verify-deploy-${name}-`));
  const workFolder = `.esbuild-verify-${process.pid}-${name}`;
  const serverlessBin = join(repoRoot, 'node_modules/osls/bin/serverless.js');
  try {
    await run(process.execPath, [serverlessBin, 'package', '--stage', stage, '--package', dir, ...params], {
      cwd: repoRoot,
      env: { ...process.env, LOCAL_ESBUILD_WORK_FOLDER: workFolder, SLS_TELEMETRY_DISABLED: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `serverless package (${name}) failed: ${String(error)}\n${stdout ?? ''}\n${stderr ?? ''}`,
    );
  } finally {
    await rm(join(repoRoot, workFolder), { recursive: true, force: true });
  }
  const templatePath = join(dir, 'cloudformation-template-update-stack.json');
  const template = JSON.parse(await readFile(templatePath, 'utf8')) as Template;
  return { name, dir, templatePath, template };
}
