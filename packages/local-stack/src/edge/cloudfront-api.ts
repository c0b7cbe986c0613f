import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Edge } from './edge-server';

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function invalidationXml(id: string, paths: string[], callerReference: string, createTime: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">' +
    `<Id>${id}</Id><Status>Completed</Status><CreateTime>${createTime}</CreateTime>` +
    `<InvalidationBatch><Paths><Quantity>${paths.length}</Quantity><Items>` +
    paths.map((p) => `<Path>${xmlEscape(p)}</Path>`).join('') +
    `</Items></Paths><CallerReference>${xmlEscape(callerReference)}</CallerReference></InvalidationBatch></Invalidation>`
  );
}

function error(res: ServerResponse, status: number, code: string, message: string) {
  res
    .writeHead(status, { 'content-type': 'text/xml' })
    .end(
      `<?xml version="1.0"?>\n<ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type>` +
        `<Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${randomBytes(8).toString('hex')}</RequestId></ErrorResponse>`,
    );
}

/**
 * The slice of the CloudFront API the publish code uses, for the local distribution:
 * `CreateInvalidation` (REST-XML, as `@aws-sdk/client-cloudfront` sends it; signatures are not
 * checked — loopback only), and `GET /_local/stats` with the edge's hit/miss/origin counters.
 * A caller reference is used once, as in CloudFront: sent again with the same paths it returns the
 * invalidation already made (nothing is invalidated again); with other paths it is refused.
 */
export function createCloudFrontApi(distributionId: string, edge: Edge) {
  const created = new Map<string, string>();
  const byCallerReference = new Map<string, { paths: string; id: string }>();
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && path === '/_local/stats') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(edge.stats()));
      return;
    }
    const match = /^\/2020-05-31\/distribution\/([^/]+)\/invalidation(?:\/([^/]+))?$/.exec(path);
    if (!match) return error(res, 404, 'NotFound', `No local CloudFront operation at ${req.method} ${path}`);
    if (match[1] !== distributionId)
      return error(res, 404, 'NoSuchDistribution', 'The specified distribution does not exist.');
    if (req.method === 'GET' && match[2]) {
      const xml = created.get(match[2]);
      if (!xml) return error(res, 404, 'NoSuchInvalidation', 'The specified invalidation does not exist.');
      res.writeHead(200, { 'content-type': 'text/xml' }).end(xml);
      return;
    }
    if (req.method !== 'POST' || match[2]) return error(res, 405, 'MethodNotAllowed', 'Unsupported');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const paths = [...body.matchAll(/<Path>([^<]*)<\/Path>/g)].map((m) => m[1] ?? '');
      const callerReference = /<CallerReference>([^<]*)<\/CallerReference>/.exec(body)?.[1] ?? '';
      if (paths.length === 0 || !callerReference)
        return error(res, 400, 'MalformedInput', 'An invalidation needs Paths and a CallerReference.');
      const bad = paths.find((p) => !p.startsWith('/') || p.slice(0, -1).includes('*'));
      if (bad) return error(res, 400, 'InvalidArgument', `Invalid path: ${bad} (a '*' may only end a path)`);
      const location = (id: string) =>
        `https://cloudfront.amazonaws.com/2020-05-31/distribution/${distributionId}/invalidation/${id}`;
      const earlier = byCallerReference.get(callerReference);
      if (earlier && earlier.paths !== paths.join('\n'))
        return error(
          res,
          409,
          'InvalidationBatchAlreadyExists',
          'The caller reference was already used for an invalidation with other paths.',
        );
      if (earlier) {
        res
          .writeHead(201, { 'content-type': 'text/xml', location: location(earlier.id) })
          .end(created.get(earlier.id));
        return;
      }
      edge.invalidate(paths.map((p) => p.replace(/&amp;/g, '&')));
      const id = `I${randomBytes(8).toString('hex').toUpperCase()}`;
      const xml = invalidationXml(id, paths, callerReference, new Date().toISOString());
      created.set(id, xml);
      byCallerReference.set(callerReference, { paths: paths.join('\n'), id });
      res
        .writeHead(201, {
          'content-type': 'text/xml',
          location: location(id),
        })
        .end(xml);
    });
  };
}
