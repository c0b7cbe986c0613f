import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Template } from './template-rules';

const run = promisify(execFile);

export interface FunctionArtifact {
  logicalId: string;
  zip: string;
  handler: string;
  environment: Record<string, string>;
}

/** Placeholder for an environment value CloudFormation would compute (Ref, GetAtt, Join…). */
const PLACEHOLDERS: Record<string, string> = {
  JWT_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_verifydeploy',
  USER_POOL_CLIENT_ID: 'verifydeployclient',
};

/** Every AWS::Lambda::Function of a packaged template whose code is one of its zips. */
export function functionArtifacts(template: Template, dir: string): FunctionArtifact[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
    .map(([logicalId, r]) => {
      const key = String(r.Properties?.Code?.S3Key ?? '');
      const vars = (r.Properties?.Environment?.Variables ?? {}) as Record<string, unknown>;
      const environment = Object.fromEntries(
        Object.entries(vars).map(([k, v]) => [
          k,
          typeof v === 'string' ? v : (PLACEHOLDERS[k] ?? `computed-${k}`),
        ]),
      );
      return {
        logicalId,
        zip: join(dir, key.split('/').pop() ?? ''),
        handler: String(r.Properties?.Handler),
        environment,
      };
    });
}

/**
 * A folder like a Lambda container: `<root>/task` holds the unzipped artifact, `<root>/node_modules`
 * holds only `@aws-sdk` (the runtime's own SDK v3), so nothing else can be found above the code.
 */
export async function unzipIsolated(zip: string, repoRoot: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'verify-artifact-'));
  const task = join(root, 'task');
  await mkdir(join(root, 'node_modules'), { recursive: true });
  await symlink(join(repoRoot, 'node_modules/@aws-sdk'), join(root, 'node_modules/@aws-sdk'), 'dir');
  await run('unzip', ['-q', zip, '-d', task]);
  return task;
}

/** The file a Lambda `Handler` (`path/file.export`) loads, as the Node.js runtime looks for it. */
export function handlerFile(task: string, handler: string): { file: string; exportName: string } {
  const dot = handler.lastIndexOf('.');
  const base = join(task, handler.slice(0, dot));
  const file = ['.mjs', '.js', '.cjs'].map((ext) => base + ext).find((f) => existsSync(f));
  if (!file) throw new Error(`no ${handler.slice(0, dot)}.{mjs,js,cjs} in the artifact`);
  return { file, exportName: handler.slice(dot + 1) };
}

/** Script for a fresh `node`: imports the handler, optionally calls it with an event (argv[1]). */
const RUNNER = `
import { pathToFileURL } from 'node:url';
const [file, exportName, event] = process.argv.slice(1);
const mod = await import(pathToFileURL(file).href);
const handler = mod[exportName] ?? mod.default?.[exportName];
if (typeof handler !== 'function') throw new Error('export ' + exportName + ' is not a function');
if (event) await handler(JSON.parse(event), { awsRequestId: 'verify-deploy', getRemainingTimeInMillis: () => 30000 });
console.log('handler ok');
`;

/**
 * Imports (and with `event`, invokes) a handler in a fresh `node` whose working directory is the
 * unzipped artifact, with the function's environment and no NODE_OPTIONS from this process.
 */
export async function runHandler(
  task: string,
  handler: string,
  env: Record<string, string>,
  event?: unknown,
): Promise<{ stdout: string; stderr: string }> {
  const { file, exportName } = handlerFile(task, handler);
  const args = ['--input-type=module', '-e', RUNNER, file, exportName];
  if (event !== undefined) args.push(JSON.stringify(event));
  const { PATH, HOME } = process.env;
  return run(process.execPath, args, {
    cwd: task,
    env: { PATH, HOME, AWS_REGION: 'us-east-1', LAMBDA_TASK_ROOT: task, ...env },
    maxBuffer: 16 * 1024 * 1024,
    timeout: 120_000,
  });
}
