import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './paths';
import { type ManagedProcess, portOpen, startProcess, waitUntilReady } from './processes';

export interface MailboxEmail {
  id: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  /** Plain-text body (HTML-only emails get their tags stripped here). */
  body: string;
  html?: string;
  sentAt: string;
}

interface SesStoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  at: number;
}

/**
 * SES v2 (aws-ses-v2-local on an internal port) behind a small front on `opts.port` that forwards
 * every request, plus one test-only control: `POST /_test/fail-next-send?to=<address>` makes the
 * next SendEmail to that address fail with a 400 (not retried by the SDK), as a rejected send in AWS
 * would; `GET /_test/fail-next-send?to=<address>` tells how many such faults fired. The integration
 * tests use it to prove that a failed first attempt still ends in exactly one welcome email; the
 * production code knows nothing of it.
 */
export async function startSes(opts: { port: number; logDir: string }): Promise<ManagedProcess> {
  const internalPort = await freePort();
  const proc = startProcess({
    name: 'ses',
    command: process.execPath,
    args: [
      join(repoRoot, 'node_modules', 'aws-ses-v2-local', 'dist', 'cli.js'),
      '--host',
      '127.0.0.1',
      '--port',
      String(internalPort),
    ],
    cwd: repoRoot,
    env: { ...process.env, SMTP_TRANSPORT: '' },
    logDir: opts.logDir,
  });
  await waitUntilReady(proc, portOpen(internalPort), 120_000, `listening on ${internalPort}`);
  const front = await startSesFront(opts.port, internalPort);
  void proc.exited.then(() => front.close());
  return proc;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startSesFront(port: number, internalPort: number): Promise<Server> {
  const armed = new Set<string>();
  const fired = new Map<string, number>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/_test/fail-next-send') {
      const to = (url.searchParams.get('to') ?? '').toLowerCase();
      if (req.method === 'POST' && to) armed.add(to);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ to, armed: armed.has(to), fired: fired.get(to) ?? 0 }));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const to =
        armed.size > 0 ? sendEmailRecipients(url.pathname, body).find((t) => armed.has(t)) : undefined;
      if (to) {
        armed.delete(to);
        fired.set(to, (fired.get(to) ?? 0) + 1);
        res.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'MessageRejected' });
        res.end(JSON.stringify({ message: `Injected fault (local test control): send to ${to} rejected` }));
        return;
      }
      const forward = request(
        { host: '127.0.0.1', port: internalPort, method: req.method, path: req.url, headers: req.headers },
        (upstream) => {
          res.writeHead(upstream.statusCode ?? 502, upstream.headers);
          upstream.pipe(res);
        },
      );
      forward.on('error', (error) => res.writeHead(502).end(error.message));
      forward.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}

/** The lower-cased recipients of an SES v2 SendEmail request (`POST /v2/email/outbound-emails`). */
function sendEmailRecipients(path: string, body: Buffer): string[] {
  if (!path.endsWith('/outbound-emails')) return [];
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { Destination?: { ToAddresses?: string[] } };
    return (parsed.Destination?.ToAddresses ?? []).map((t) => t.toLowerCase());
  } catch {
    return [];
  }
}

function toMailboxEmail(e: SesStoredEmail): MailboxEmail {
  const text =
    e.body.text ??
    (e.body.html ?? '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  return {
    id: e.messageId,
    from: e.from,
    to: e.destination.to,
    cc: e.destination.cc,
    subject: e.subject,
    body: text,
    html: e.body.html,
    sentAt: new Date(e.at * 1000).toISOString(),
  };
}

/**
 * The local mailbox: `GET /` answers the JSON list of every email sent so far (oldest first),
 * `GET /?to=<address>` keeps those sent to that exact address (case-insensitive). The SES emulator keeps mail in memory only, so the
 * mailbox copies it to `<dataDir>/mailbox.json` to survive restarts.
 */
export async function startMailbox(opts: {
  port: number;
  sesEndpoint: string;
  dataDir: string;
}): Promise<Server> {
  const file = join(opts.dataDir, 'mailbox.json');
  const emails = new Map<string, MailboxEmail>();
  if (existsSync(file)) {
    for (const e of JSON.parse(readFileSync(file, 'utf8')) as MailboxEmail[]) emails.set(e.id, e);
  }
  const sync = async () => {
    const response = await fetch(`${opts.sesEndpoint}/store`);
    const { emails: stored } = (await response.json()) as { emails: SesStoredEmail[] };
    let added = false;
    for (const e of stored) {
      if (!emails.has(e.messageId)) {
        emails.set(e.messageId, toMailboxEmail(e));
        added = true;
      }
    }
    if (added) {
      writeFileSync(`${file}.tmp`, JSON.stringify([...emails.values()], null, 2));
      renameSync(`${file}.tmp`, file);
    }
  };
  const timer = setInterval(() => void sync().catch(() => undefined), 2000);
  timer.unref();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = { 'content-type': 'application/json', 'access-control-allow-origin': '*' };
    if (req.method !== 'GET' || url.pathname !== '/') {
      res
        .writeHead(404, headers)
        .end(JSON.stringify({ error: { code: 'not_found', message: 'GET / lists emails' } }));
      return;
    }
    sync()
      .then(() => {
        const to = url.searchParams.get('to')?.toLowerCase();
        const list = [...emails.values()].filter((e) => !to || e.to.some((t) => t.toLowerCase() === to));
        res.writeHead(200, headers).end(JSON.stringify(list));
      })
      .catch((error: Error) => {
        res
          .writeHead(502, headers)
          .end(JSON.stringify({ error: { code: 'ses_unreachable', message: error.message } }));
      });
  });
  server.on('close', () => clearInterval(timer));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  return server;
}
