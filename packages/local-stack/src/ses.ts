import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
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

export async function startSes(opts: { port: number; logDir: string }): Promise<ManagedProcess> {
  const proc = startProcess({
    name: 'ses',
    command: process.execPath,
    args: [
      join(repoRoot, 'node_modules', 'aws-ses-v2-local', 'dist', 'cli.js'),
      '--host',
      '127.0.0.1',
      '--port',
      String(opts.port),
    ],
    cwd: repoRoot,
    env: { ...process.env, SMTP_TRANSPORT: '' },
    logDir: opts.logDir,
  });
  await waitUntilReady(proc, portOpen(opts.port), 120_000, `listening on ${opts.port}`);
  return proc;
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
