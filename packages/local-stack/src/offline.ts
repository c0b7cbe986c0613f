import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './paths';
import { type ManagedProcess, startProcess, waitUntilReady } from './processes';

/** serverless-offline (API Gateway + Lambda, S3 and stream triggers) on loopback. */
export async function startOffline(opts: {
  stage: string;
  httpPort: number;
  lambdaPort: number;
  websocketPort: number;
  env: NodeJS.ProcessEnv;
  logDir: string;
  echo: boolean;
  /** Re-import a handler when its bundle changes (warm workers otherwise), see reload-on-change.mjs. */
  reloadOnChange: boolean;
  /** serverless-esbuild's output folder (absolute). */
  buildDir: string;
  /** The template, relative to the repository root (default serverless.yml). */
  configFile?: string;
}): Promise<ManagedProcess> {
  const proc = startProcess({
    name: 'offline',
    command: process.execPath,
    args: [
      ...(opts.reloadOnChange
        ? ['--import', pathToFileURL(join(import.meta.dirname, 'reload-on-change.mjs')).href]
        : []),
      join(repoRoot, 'node_modules', 'osls', 'bin', 'serverless.js'),
      'offline',
      'start',
      '--stage',
      opts.stage,
      '--host',
      '127.0.0.1',
      '--httpPort',
      String(opts.httpPort),
      '--lambdaPort',
      String(opts.lambdaPort),
      '--websocketPort',
      String(opts.websocketPort),
      '--noPrependStageInUrl',
      '--noAuth',
      '--config',
      opts.configFile ?? 'serverless.yml',
    ],
    cwd: repoRoot,
    env: {
      ...opts.env,
      LOCAL_HANDLER_BUILD_DIR: opts.buildDir,
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
      FORCE_COLOR: '0',
    },
    logDir: opts.logDir,
    echo: opts.echo,
  });
  const health = async () => (await fetch(`http://127.0.0.1:${opts.httpPort}/health`)).status === 200;
  await waitUntilReady(proc, health, 600_000, 'GET /health answered 200');
  return proc;
}
