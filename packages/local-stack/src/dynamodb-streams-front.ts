import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type RequestListener,
} from 'node:http';
import { crc32 } from 'node:zlib';

/**
 * What the stream poller (serverless-offline-dynamodb-streams) talks to instead of DynamoDB Local:
 * every request passes through unchanged, except that GetRecords answers carry the `awsRegion`
 * AWS puts there — "the region in which the GetRecords request was received", i.e. the region the
 * caller signed for — where DynamoDB Local writes `ddblocal`. Event source mappings filter on that
 * field (`filterPatterns: awsRegion`, how only the home region sends welcome emails), and the
 * plugin applies filters to the records as read, before it stamps its own region on the event: so
 * without this, a filter on awsRegion would drop every record locally while AWS delivers them.
 */
export function createDynamoDbStreamsFront(opts: {
  upstream: { host: string; port: number };
}): RequestListener {
  return (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const region = signedRegion(req);
    const upstream = httpRequest(
      {
        host: opts.upstream.host,
        port: opts.upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        if (!target.endsWith('.GetRecords') || answer.statusCode !== 200 || !region) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          let body: Buffer;
          try {
            body = Buffer.from(withRegion(Buffer.concat(chunks).toString('utf8'), region), 'utf8');
          } catch (error) {
            res.writeHead(502, { 'content-type': 'text/plain' });
            res.end(`Unreadable GetRecords answer from DynamoDB Local: ${(error as Error).message}`);
            return;
          }
          res.writeHead(200, rewrittenHeaders(answer.headers, body));
          res.end(body);
        });
        answer.on('error', () => res.destroy());
      },
    );
    upstream.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`DynamoDB Local unreachable: ${error.message}`);
    });
    req.pipe(upstream);
  };
}

/**
 * The upstream's headers for a rewritten body: its own length and checksum, and no
 * `transfer-encoding` — DynamoDB Local sends large answers chunked, and a message with both
 * `content-length` and `transfer-encoding` is one Node's HTTP parser (the poller's) refuses.
 */
export function rewrittenHeaders(headers: IncomingHttpHeaders, body: Buffer): OutgoingHttpHeaders {
  const { 'transfer-encoding': _chunked, connection: _connection, ...rest } = headers;
  return { ...rest, 'content-length': String(body.length), 'x-amz-crc32': String(crc32(body)) };
}

/** The region of the request's SigV4 credential scope (`Credential=<key>/<date>/<region>/<service>/aws4_request`). */
export function signedRegion(req: Pick<IncomingMessage, 'headers'>): string | undefined {
  const match = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization ?? ''));
  return match?.[1];
}

/** A GetRecords answer with every record's `awsRegion` set to `region`. */
export function withRegion(json: string, region: string): string {
  const parsed = JSON.parse(json) as { Records?: { awsRegion?: string }[] };
  for (const record of parsed.Records ?? []) record.awsRegion = region;
  return JSON.stringify(parsed);
}
