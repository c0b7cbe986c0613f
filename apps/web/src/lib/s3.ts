import type { S3Client } from '@aws-sdk/client-s3';
import type { XhrHttpHandler } from '@aws-sdk/xhr-http-handler';
import { type AuthService, SessionExpiredError } from './auth';
import type { WebConfig } from './config';

interface IdentityCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  identityId: string;
}

export interface S3Access {
  /** For list / get / delete (fetch-based). */
  client: S3Client;
  /**
   * The signed-in user's user-pool `sub`: the `{userId}` of every S3 key it may touch (the identity
   * pool tags the session with it, and the role's policy scopes prefixes by that tag).
   */
  userId: string;
  /**
   * A client of its own per upload, on the SDK's XMLHttpRequest handler: fetch() cannot report upload
   * progress, XMLHttpRequest can (the handler emits `xhr.upload.progress`).
   */
  uploadClient(): { client: S3Client; handler: XhrHttpHandler };
}

/** How XhrHttpHandler's errors begin (its `ERROR_IDENTIFIER`, without loading the handler up front). */
const XHR_ERROR = 'XHR_HTTP_HANDLER_ERROR';

let cached: { sub: string; promise: Promise<S3Access> } | undefined;

/** Temporary AWS credentials from the identity pool (GetId + GetCredentialsForIdentity), then S3 clients. */
export function getS3Access(config: WebConfig, auth: AuthService, sub: string): Promise<S3Access> {
  if (cached?.sub === sub) return cached.promise;
  const promise = createAccess(config, auth, sub).catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  cached = { sub, promise };
  return promise;
}

export function forgetS3Access(): void {
  cached = undefined;
}

async function createAccess(config: WebConfig, auth: AuthService, userId: string): Promise<S3Access> {
  const [{ S3Client }, { fromCognitoIdentityPool }, { XhrHttpHandler }] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/credential-providers'),
    import('@aws-sdk/xhr-http-handler'),
  ]);
  const provider = fromCognitoIdentityPool({
    identityPoolId: config.identityPoolId,
    logins: { [`cognito-idp.${config.region}.amazonaws.com/${config.userPoolId}`]: () => auth.idToken() },
    clientConfig: {
      region: config.region,
      ...(config.cognitoIdentityEndpoint ? { endpoint: config.cognitoIdentityEndpoint } : {}),
    },
  });
  let current: IdentityCredentials | undefined;
  let pending: Promise<IdentityCredentials> | undefined;
  // Shared by every client; renewed five minutes before expiry.
  const credentials = async (): Promise<IdentityCredentials> => {
    if (current && (!current.expiration || current.expiration.getTime() - Date.now() > 5 * 60_000))
      return current;
    pending ??= provider()
      .then((c) => {
        current = c;
        return c;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  await credentials().catch((error: unknown) => {
    throw toStorageError(error);
  });
  const base = {
    region: config.region,
    credentials,
    ...(config.s3Endpoint ? { endpoint: config.s3Endpoint, forcePathStyle: true } : {}),
  };
  return {
    client: new S3Client(base),
    userId,
    uploadClient() {
      const handler = new XhrHttpHandler();
      return { client: refuseUnanswered(new S3Client({ ...base, requestHandler: handler })), handler };
    },
  };
}

/**
 * The SDK's XMLHttpRequest handler settles an aborted or failed request (readyState DONE, status 0)
 * as a response before it can reject, and S3's deserializers take any status below 300 for
 * success: a cancelled or dropped PutObject would "succeed" with nothing stored. A response with no
 * status is no answer from S3, and fails as the handler's own network errors do.
 */
export function refuseUnanswered(client: S3Client): S3Client {
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      if ((result.response as { statusCode?: number }).statusCode === 0)
        throw new Error(`${XHR_ERROR}: no response from S3`);
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'refuseUnansweredMiddleware' },
  );
  return client;
}

/** Words for an identity-pool or S3 failure. */
export function toStorageError(error: unknown): Error {
  if (error instanceof SessionExpiredError) return error;
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  // The SDK's XMLHttpRequest handler names no error: a request that never reached S3 says so.
  if (e?.message?.startsWith(XHR_ERROR)) return toStorageError({ name: 'NetworkError' });
  switch (e?.name) {
    case 'NotAuthorizedException':
    case 'ExpiredToken':
    case 'ExpiredTokenException':
    case 'InvalidAccessKeyId':
    case 'TokenRefreshRequired':
      return new SessionExpiredError();
    case 'AccessDenied':
      return new Error('Access denied: this file is not yours to touch.');
    case 'NoSuchKey':
    case 'NotFound':
      return new Error('That file no longer exists.');
    case 'AbortError':
      return Object.assign(new Error('Cancelled.'), { name: 'AbortError' });
    case 'NetworkError':
    case 'TypeError':
      return new Error('Cannot reach the storage service. Check your connection and try again.');
    default:
      return new Error(
        e?.message ? `Storage error: ${e.message}` : 'The storage service failed. Please try again.',
      );
  }
}

/** `a file (1).JPG` → `a-file-1.jpg`: keys stay readable and safe in URLs. */
export function sanitizeFileName(name: string): string {
  const cleaned = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/-*\.-*/g, '.')
    .replace(/^[-.]+|[-.]+$/g, '');
  return cleaned.slice(-120) || 'file';
}
