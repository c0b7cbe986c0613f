import {
  bodyStages,
  corsHeaders,
  type GatewayRequest,
  readSmallBody,
  relayedHeaders,
  relayResponse,
  sendBuffered,
  sendUpstream,
  upstreamHeaders,
} from './forward';
import { lockKey } from './key-locks';
import type { Decision } from './policy-authorizer';
import { escapeXml } from './s3-error';
import { objectArn, parseDeleteObjects, type S3Access } from './s3-operations';
import { decodeKeysInXml, encodeStoredKey } from './stored-key';
import type { Upstream } from './upstream';

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';
const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/**
 * DeleteObjects: each key of the XML body is authorized on its own; the allowed ones are forwarded
 * (in their stored form), the denied ones come back as per-key AccessDenied errors, as in S3.
 */
export async function deleteObjects(
  upstream: Upstream,
  request: GatewayRequest,
  authorize: (access: S3Access) => Promise<Decision>,
): Promise<void> {
  const { req, res, parts, verified, operation, requestId } = request;
  const bucket = operation.bucket ?? '';
  const xml = (await readSmallBody(req, bodyStages(parts, verified).stages)).toString('utf8');
  const body = parseDeleteObjects(xml);
  const allowed: typeof body.objects = [];
  const denied: typeof body.objects = [];
  for (const object of body.objects) {
    const action = object.versionId ? 's3:DeleteObjectVersion' : 's3:DeleteObject';
    const decision = await authorize({ action, resource: objectArn(bucket, object.key), context: {} });
    (decision.allowed ? allowed : denied).push(object);
  }
  const errors = denied
    .map(
      (o) =>
        `<Error><Key>${escapeXml(o.key)}</Key>${o.versionId ? `<VersionId>${escapeXml(o.versionId)}</VersionId>` : ''}` +
        '<Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
    )
    .join('');

  if (allowed.length === 0) {
    const result = Buffer.from(`${XML_HEADER}<DeleteResult xmlns="${S3_NS}">${errors}</DeleteResult>`);
    sendBuffered(
      res,
      200,
      { ...corsHeaders(req), 'content-type': 'application/xml', 'x-amz-request-id': requestId },
      result,
    );
    return;
  }

  const objects = allowed
    .map(
      (o) =>
        `<Object><Key>${escapeXml(encodeStoredKey(o.key))}</Key>` +
        `${o.versionId ? `<VersionId>${escapeXml(o.versionId)}</VersionId>` : ''}</Object>`,
    )
    .join('');
  const rewritten = Buffer.from(
    `${XML_HEADER}<Delete xmlns="${S3_NS}">${body.quiet ? '<Quiet>true</Quiet>' : ''}${objects}</Delete>`,
  );
  const headers = upstreamHeaders(request, false, rewritten.length);
  for (const name of Object.keys(headers)) {
    if (
      name === 'content-md5' ||
      name.startsWith('x-amz-checksum-') ||
      name === 'x-amz-sdk-checksum-algorithm'
    )
      delete headers[name];
  }
  delete headers['content-encoding'];
  const locks = allowed.map((o) => ({ key: lockKey(bucket, o.key), mode: 'write' as const }));
  const answer = await sendUpstream(upstream, request, headers, rewritten, locks);
  if (answer.response.statusCode !== 200 || denied.length === 0) {
    await relayResponse(answer, request);
    return;
  }
  let upstreamXml: Buffer;
  try {
    upstreamXml = Buffer.isBuffer(answer.body) ? answer.body : await readSmallBody(answer.body, []);
  } finally {
    await answer.dispose();
  }
  const merged = decodeKeysInXml(upstreamXml.toString('utf8')).replace(
    '</DeleteResult>',
    `${errors}</DeleteResult>`,
  );
  sendBuffered(res, 200, relayedHeaders(answer.response, requestId), Buffer.from(merged));
}
