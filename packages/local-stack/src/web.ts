import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './paths';
import { type ManagedProcess, startProcess, waitUntilReady } from './processes';

const run = promisify(execFile);
export const webDir = join(repoRoot, 'apps', 'web');

/** The web app's runtime settings, served as /config.json (the same file a deploy uploads). */
export type WebConfig = Record<string, unknown>;

/** `next dev` on loopback, with the stack's settings in public/config.json. */
export async function startWebDev(opts: {
  port: number;
  config: WebConfig;
  logDir: string;
}): Promise<ManagedProcess> {
  writeFileSync(join(webDir, 'public', 'config.json'), JSON.stringify(opts.config, null, 2));
  const proc = startProcess({
    name: 'web',
    command: process.execPath,
    args: [
      join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next'),
      'dev',
      '-H',
      '127.0.0.1',
      '-p',
      String(opts.port),
    ],
    cwd: webDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    logDir: opts.logDir,
  });
  await waitUntilReady(
    proc,
    async () => (await fetch(`http://127.0.0.1:${opts.port}/config.json`)).ok,
    90_000,
    'next dev answered',
  );
  return proc;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Builds the static export (`next build` with output: 'export') if asked. */
export async function buildWeb(): Promise<void> {
  await run(process.execPath, [join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: webDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * Serves the static export as S3 + CloudFront would: `/x` → `x.html` or `x/index.html`, unknown
 * paths → 404.html, and /config.json from the running stack.
 */
export async function startWebStatic(opts: { port: number; config: WebConfig }): Promise<Server> {
  const root = join(webDir, 'out');
  if (!existsSync(join(root, 'index.html')))
    throw new Error(`No static export in ${root}: run the web build first`);
  const configBody = JSON.stringify(opts.config);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(configBody);
      return;
    }
    const clean = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
    const candidates = [join(root, clean), join(root, `${clean}.html`), join(root, clean, 'index.html')];
    const file = candidates.find((f) => f.startsWith(root) && existsSync(f) && statSync(f).isFile());
    if (!file) {
      const notFound = join(root, '404.html');
      res
        .writeHead(404, { 'content-type': 'text/html; charset=utf-8' })
        .end(existsSync(notFound) ? readFileSync(notFound) : 'Not found');
      return;
    }
    res
      .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
      .end(readFileSync(file));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  return server;
}
