import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyError, readBody } from './http-body';

const LIMIT = 1024;
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    readBody(req, LIMIT).then(
      (body) => res.end(`read ${body.length} ${body.subarray(0, 5).toString('utf8')}`),
      (error: unknown) => {
        res.statusCode = error instanceof BodyError ? error.status : 500;
        res.end(error instanceof Error ? error.message : 'unknown');
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function send(
  chunks: Buffer[],
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }),
      );
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('readBody', () => {
  it('returns the whole body, sent whole or chunked', async () => {
    expect(await send([Buffer.from('hello world')])).toEqual({ status: 200, text: 'read 11 hello' });
    const chunked = [Buffer.from('hel'), Buffer.from('lo'), Buffer.alloc(LIMIT - 5, 0x61)];
    expect(await send(chunked)).toEqual({ status: 200, text: `read ${LIMIT} hello` });
  });

  it('refuses a declared length over the limit with 413, and the client still reads the answer', async () => {
    const body = Buffer.alloc(LIMIT * 64, 0x61);
    const answer = await send([body], { 'content-length': String(body.length) });
    expect(answer.status).toBe(413);
    expect(answer.text).toContain(`larger than ${LIMIT} bytes`);
  });

  it('refuses a chunked body once it passes the limit with 413', async () => {
    const answer = await send([Buffer.alloc(LIMIT, 0x61), Buffer.alloc(LIMIT, 0x62)]);
    expect(answer.status).toBe(413);
  });
});
