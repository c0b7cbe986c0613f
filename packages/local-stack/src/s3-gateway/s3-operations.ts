import { invalidArgument, S3Error } from './s3-error';
import { headerValue, type QueryParam, type RequestParts } from './sigv4';

export type ContextValues = Record<string, string | string[]>;

/** One IAM check a request needs: `s3:<action>` on a resource ARN, with the S3 condition keys it sets. */
export interface S3Access {
  action: string;
  resource: string;
  context: ContextValues;
}

export interface S3Operation {
  /** The S3 API operation, for logs (e.g. `ListObjectsV2`, `UploadPart`). */
  operation: string;
  bucket?: string;
  key?: string;
  accesses: S3Access[];
  /** DeleteObjects is authorized per key, from its XML body. */
  perKeyDelete?: boolean;
}

export const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;
export const objectArn = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;

/** Splits a path-style request path into its bucket and (decoded) key. */
export function splitPath(rawPath: string): { bucket?: string; key?: string } {
  const withoutSlash = rawPath.replace(/^\//, '');
  if (withoutSlash === '') return {};
  const slash = withoutSlash.indexOf('/');
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw invalidArgument('Invalid percent-encoding in the request URI.');
    }
  };
  if (slash < 0) return { bucket: decode(withoutSlash) };
  const bucket = decode(withoutSlash.slice(0, slash));
  const key = decode(withoutSlash.slice(slash + 1));
  return key === '' ? { bucket } : { bucket, key };
}

const BUCKET_GET: Record<string, [string, string]> = {
  location: ['GetBucketLocation', 'GetBucketLocation'],
  uploads: ['ListMultipartUploads', 'ListBucketMultipartUploads'],
  versions: ['ListObjectVersions', 'ListBucketVersions'],
  cors: ['GetBucketCors', 'GetBucketCORS'],
  policy: ['GetBucketPolicy', 'GetBucketPolicy'],
  acl: ['GetBucketAcl', 'GetBucketAcl'],
  website: ['GetBucketWebsite', 'GetBucketWebsite'],
  tagging: ['GetBucketTagging', 'GetBucketTagging'],
  versioning: ['GetBucketVersioning', 'GetBucketVersioning'],
  notification: ['GetBucketNotificationConfiguration', 'GetBucketNotification'],
  lifecycle: ['GetBucketLifecycleConfiguration', 'GetLifecycleConfiguration'],
  encryption: ['GetBucketEncryption', 'GetEncryptionConfiguration'],
  ownershipControls: ['GetBucketOwnershipControls', 'GetBucketOwnershipControls'],
  publicAccessBlock: ['GetPublicAccessBlock', 'GetBucketPublicAccessBlock'],
};

const BUCKET_PUT: Record<string, [string, string]> = {
  cors: ['PutBucketCors', 'PutBucketCORS'],
  policy: ['PutBucketPolicy', 'PutBucketPolicy'],
  acl: ['PutBucketAcl', 'PutBucketAcl'],
  website: ['PutBucketWebsite', 'PutBucketWebsite'],
  tagging: ['PutBucketTagging', 'PutBucketTagging'],
  versioning: ['PutBucketVersioning', 'PutBucketVersioning'],
  notification: ['PutBucketNotificationConfiguration', 'PutBucketNotification'],
  lifecycle: ['PutBucketLifecycleConfiguration', 'PutLifecycleConfiguration'],
  encryption: ['PutBucketEncryption', 'PutEncryptionConfiguration'],
  ownershipControls: ['PutBucketOwnershipControls', 'PutBucketOwnershipControls'],
  publicAccessBlock: ['PutPublicAccessBlock', 'PutBucketPublicAccessBlock'],
};

/** Deleting a bucket sub-resource is authorized by the matching Put permission, except where AWS has its own. */
const BUCKET_DELETE: Record<string, [string, string]> = {
  cors: ['DeleteBucketCors', 'PutBucketCORS'],
  policy: ['DeleteBucketPolicy', 'DeleteBucketPolicy'],
  website: ['DeleteBucketWebsite', 'DeleteBucketWebsite'],
  tagging: ['DeleteBucketTagging', 'PutBucketTagging'],
  lifecycle: ['DeleteBucketLifecycle', 'PutLifecycleConfiguration'],
  encryption: ['DeleteBucketEncryption', 'PutEncryptionConfiguration'],
  ownershipControls: ['DeleteBucketOwnershipControls', 'PutBucketOwnershipControls'],
  publicAccessBlock: ['DeletePublicAccessBlock', 'PutBucketPublicAccessBlock'],
};

function subresource(
  query: QueryParam[],
  table: Record<string, [string, string]>,
): [string, string] | undefined {
  for (const { key } of query) {
    const entry = table[key];
    if (entry) return entry;
  }
  return undefined;
}

const has = (query: QueryParam[], key: string) => query.some((p) => p.key === key);
const get = (query: QueryParam[], key: string) => query.find((p) => p.key === key)?.value;

function listContext(query: QueryParam[]): ContextValues {
  const context: ContextValues = {};
  for (const [param, key] of [
    ['prefix', 's3:prefix'],
    ['delimiter', 's3:delimiter'],
    ['max-keys', 's3:max-keys'],
  ] as const) {
    const value = get(query, param);
    if (value !== undefined) context[key] = value;
  }
  return context;
}

function writeContext(parts: RequestParts): ContextValues {
  const context: ContextValues = {};
  for (const header of [
    'x-amz-acl',
    'x-amz-server-side-encryption',
    'x-amz-storage-class',
    'x-amz-copy-source',
    'x-amz-metadata-directive',
  ]) {
    const value = headerValue(parts, header);
    if (value !== undefined) context[`s3:${header}`] = value;
  }
  return context;
}

/** `x-amz-copy-source`: `[/]bucket/key[?versionId=…]`, URL-encoded. */
export function parseCopySource(value: string): { bucket: string; key: string } {
  const [path = ''] = value.split('?');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path).replace(/^\//, '');
  } catch {
    throw invalidArgument('Invalid copy source encoding', { ArgumentName: 'x-amz-copy-source' });
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) {
    throw invalidArgument('Copy Source must mention the source bucket and key: sourcebucket/sourcekey', {
      ArgumentName: 'x-amz-copy-source',
      ArgumentValue: value,
    });
  }
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

function objectWrite(operation: string, parts: RequestParts, bucket: string, key: string): S3Operation {
  const context = writeContext(parts);
  const accesses: S3Access[] = [{ action: 's3:PutObject', resource: objectArn(bucket, key), context }];
  const copySource = headerValue(parts, 'x-amz-copy-source');
  if (copySource !== undefined) {
    const source = parseCopySource(copySource);
    accesses.push({ action: 's3:GetObject', resource: objectArn(source.bucket, source.key), context: {} });
  }
  const setsAcl = Object.keys(parts.headers).some((h) => h === 'x-amz-acl' || h.startsWith('x-amz-grant-'));
  if (setsAcl) accesses.push({ action: 's3:PutObjectAcl', resource: objectArn(bucket, key), context });
  const name =
    copySource === undefined ? operation : operation === 'UploadPart' ? 'UploadPartCopy' : 'CopyObject';
  return { operation: name, bucket, key, accesses };
}

/**
 * Maps a path-style S3 request to the IAM checks AWS makes for it (HeadObject needs s3:GetObject,
 * multipart steps need s3:PutObject, CopyObject needs both ends, ListObjects needs s3:ListBucket with
 * `s3:prefix`…).
 */
export function resolveOperation(parts: RequestParts, bucket?: string, key?: string): S3Operation {
  const { method, query } = parts;
  const single = (operation: string, action: string, resource: string, context: ContextValues = {}) =>
    ({
      operation,
      bucket,
      key,
      accesses: [{ action: `s3:${action}`, resource, context }],
    }) satisfies S3Operation;

  if (bucket === undefined) {
    if (method === 'GET') return single('ListBuckets', 'ListAllMyBuckets', '*');
    throw new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405);
  }

  if (key === undefined) {
    const arn = bucketArn(bucket);
    switch (method) {
      case 'GET': {
        const sub = subresource(query, BUCKET_GET);
        if (sub)
          return single(sub[0], sub[1], arn, sub[1] === 'ListBucketVersions' ? listContext(query) : {});
        const operation = get(query, 'list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
        return single(operation, 'ListBucket', arn, listContext(query));
      }
      case 'HEAD':
        return single('HeadBucket', 'ListBucket', arn);
      case 'PUT': {
        const sub = subresource(query, BUCKET_PUT);
        return sub ? single(sub[0], sub[1], arn) : single('CreateBucket', 'CreateBucket', arn);
      }
      case 'DELETE': {
        const sub = subresource(query, BUCKET_DELETE);
        return sub ? single(sub[0], sub[1], arn) : single('DeleteBucket', 'DeleteBucket', arn);
      }
      case 'POST':
        if (has(query, 'delete'))
          return { operation: 'DeleteObjects', bucket, accesses: [], perKeyDelete: true };
        throw new S3Error('NotImplemented', 'Browser-based POST uploads are not supported locally.', 501);
      default:
        throw new S3Error(
          'MethodNotAllowed',
          'The specified method is not allowed against this resource.',
          405,
        );
    }
  }

  const arn = objectArn(bucket, key);
  const versioned = has(query, 'versionId');
  switch (method) {
    case 'GET':
      if (has(query, 'acl'))
        return single('GetObjectAcl', versioned ? 'GetObjectVersionAcl' : 'GetObjectAcl', arn);
      if (has(query, 'tagging')) {
        return single('GetObjectTagging', versioned ? 'GetObjectVersionTagging' : 'GetObjectTagging', arn);
      }
      if (has(query, 'uploadId')) return single('ListParts', 'ListMultipartUploadParts', arn);
      if (has(query, 'attributes')) {
        return single(
          'GetObjectAttributes',
          versioned ? 'GetObjectVersionAttributes' : 'GetObjectAttributes',
          arn,
        );
      }
      if (has(query, 'retention')) return single('GetObjectRetention', 'GetObjectRetention', arn);
      if (has(query, 'legal-hold')) return single('GetObjectLegalHold', 'GetObjectLegalHold', arn);
      return single('GetObject', versioned ? 'GetObjectVersion' : 'GetObject', arn);
    case 'HEAD':
      return single('HeadObject', versioned ? 'GetObjectVersion' : 'GetObject', arn);
    case 'PUT':
      if (has(query, 'uploadId') && has(query, 'partNumber'))
        return objectWrite('UploadPart', parts, bucket, key);
      if (has(query, 'acl'))
        return single('PutObjectAcl', versioned ? 'PutObjectVersionAcl' : 'PutObjectAcl', arn);
      if (has(query, 'tagging')) {
        return single('PutObjectTagging', versioned ? 'PutObjectVersionTagging' : 'PutObjectTagging', arn);
      }
      if (has(query, 'retention')) return single('PutObjectRetention', 'PutObjectRetention', arn);
      if (has(query, 'legal-hold')) return single('PutObjectLegalHold', 'PutObjectLegalHold', arn);
      return objectWrite('PutObject', parts, bucket, key);
    case 'DELETE':
      if (has(query, 'uploadId')) return single('AbortMultipartUpload', 'AbortMultipartUpload', arn);
      if (has(query, 'tagging')) {
        return single(
          'DeleteObjectTagging',
          versioned ? 'DeleteObjectVersionTagging' : 'DeleteObjectTagging',
          arn,
        );
      }
      return single('DeleteObject', versioned ? 'DeleteObjectVersion' : 'DeleteObject', arn);
    case 'POST':
      if (has(query, 'uploads')) return objectWrite('CreateMultipartUpload', parts, bucket, key);
      if (has(query, 'uploadId')) return single('CompleteMultipartUpload', 'PutObject', arn);
      if (has(query, 'restore')) return single('RestoreObject', 'RestoreObject', arn);
      if (has(query, 'select')) return single('SelectObjectContent', 'GetObject', arn);
      throw new S3Error('NotImplemented', 'This POST operation is not supported locally.', 501);
    default:
      throw new S3Error(
        'MethodNotAllowed',
        'The specified method is not allowed against this resource.',
        405,
      );
  }
}

export interface DeleteObjectsRequest {
  quiet: boolean;
  objects: { key: string; versionId?: string; xml: string }[];
}

const unescapeXml = (value: string) =>
  value.replace(/&(lt|gt|amp|apos|quot|#x[0-9a-fA-F]+|#\d+);/g, (_, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };
    if (named[entity]) return named[entity];
    const code = entity.startsWith('#x')
      ? Number.parseInt(entity.slice(2), 16)
      : Number.parseInt(entity.slice(1), 10);
    return String.fromCodePoint(code);
  });

/** Reads the keys of a DeleteObjects body (`<Delete><Object><Key>…</Key></Object>…</Delete>`). */
export function parseDeleteObjects(xml: string): DeleteObjectsRequest {
  const objects = [...xml.matchAll(/<Object>([\s\S]*?)<\/Object>/g)].map((match) => {
    const inner = match[1] ?? '';
    const key = /<Key>([\s\S]*?)<\/Key>/.exec(inner)?.[1];
    if (key === undefined) throw malformedXml();
    const versionId = /<VersionId>([\s\S]*?)<\/VersionId>/.exec(inner)?.[1];
    return { key: unescapeXml(key), versionId: versionId && unescapeXml(versionId), xml: match[0] };
  });
  if (!/<Delete[\s>]/.test(xml) || objects.length === 0 || objects.length > 1000) throw malformedXml();
  return { quiet: /<Quiet>\s*true\s*<\/Quiet>/i.test(xml), objects };
}

function malformedXml(): S3Error {
  return new S3Error(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
    400,
  );
}
