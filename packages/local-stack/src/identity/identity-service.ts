import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type CredentialStore,
  type Principal,
  SessionCredentialStore,
  type StaticCredential,
} from './credential-store';
import { IdentityMap, type IdentityRecord, loadMasterKey } from './identity-map';
import { JwksUnavailableError, LoginVerifier, type UserPoolTrust } from './login-verifier';
import { type PrincipalTagMapping, sessionTagsFor } from './principal-tags';

export interface IdentityServiceOptions {
  region: string;
  identityPoolId: string;
  /** Whether guests (no `Logins`) may get an identity and credentials, like the pool's setting in AWS. */
  allowUnauthenticated: boolean;
  userPool: UserPoolTrust;
  /** Holds `identities.json` and `master.key` (the secret from which every credential is derived). */
  dataDir: string;
  /** Lifetime of issued credentials; AWS issues one hour. */
  credentialTtlSeconds?: number;
  /**
   * `AWS::Cognito::IdentityPoolPrincipalTag` mappings: ID-token claims that become session tags
   * (`aws:PrincipalTag/<tag>` in the S3 policies), signed into the session token like in STS.
   */
  principalTags?: readonly PrincipalTagMapping[];
  /** Long-lived keys known to the store, e.g. the Lambda execution role's. */
  staticCredentials?: { accessKeyId: string; secretAccessKey: string; principal: Principal }[];
  logger?: (entry: object) => void;
}

export interface IdentityService {
  /** Node request listener answering `AWSCognitoIdentityService.GetId` and `.GetCredentialsForIdentity`. */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Resolves the credentials this service issued (and the static ones) for the S3 gateway. */
  credentials: CredentialStore;
}

type ErrorCode =
  | 'NotAuthorizedException'
  | 'ResourceNotFoundException'
  | 'InvalidParameterException'
  | 'SerializationException'
  | 'UnknownOperationException'
  | 'InternalErrorException';

/** A modelled Cognito Identity error: serialized as `{"__type": code, "message": …}`. */
class IdentityServiceError extends Error {
  override readonly name = 'IdentityServiceError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const TARGET_PREFIX = 'AWSCognitoIdentityService.';
const MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_TTL_SECONDS = 3600;

/**
 * A local Cognito Identity endpoint (AWS JSON 1.1), enough for `fromCognitoIdentityPool` of the AWS SDK:
 * the browser code is the same locally and in AWS, only the endpoint differs.
 */
export function createIdentityService(opts: IdentityServiceOptions): IdentityService {
  const masterKey = loadMasterKey(opts.dataDir);
  const store = new SessionCredentialStore(
    masterKey,
    opts.identityPoolId,
    (opts.staticCredentials ?? []) satisfies StaticCredential[],
  );
  const identities = new IdentityMap(opts.dataDir, opts.region);
  const logins = new LoginVerifier(opts.region, opts.userPool);
  const ttlSeconds = opts.credentialTtlSeconds ?? DEFAULT_TTL_SECONDS;
  const log = opts.logger ?? (() => {});

  async function getId(input: Record<string, unknown>): Promise<object> {
    const poolId = requireString(input, 'IdentityPoolId');
    if (poolId !== opts.identityPoolId) {
      throw new IdentityServiceError('ResourceNotFoundException', `IdentityPool '${poolId}' not found.`);
    }
    const loginMap = optionalLogins(input);
    if (!loginMap) {
      requireGuestsAllowed();
      const guest = await identities.createGuest();
      log({
        service: 'cognito-identity',
        operation: 'GetId',
        identityId: guest.identityId,
        authenticated: false,
      });
      return { IdentityId: guest.identityId };
    }
    const { login } = await verifyLogins(loginMap);
    const record = await identities.forLogin(login);
    log({
      service: 'cognito-identity',
      operation: 'GetId',
      identityId: record.identityId,
      authenticated: true,
    });
    return { IdentityId: record.identityId };
  }

  async function getCredentialsForIdentity(input: Record<string, unknown>): Promise<object> {
    const identityId = requireString(input, 'IdentityId');
    const record = identities.get(identityId);
    if (!record) {
      throw new IdentityServiceError('ResourceNotFoundException', `Identity '${identityId}' not found.`);
    }
    const claims = await authorizeFor(record, optionalLogins(input));
    const authenticated = record.login !== undefined;
    const tags = claims
      ? sessionTagsFor(opts.principalTags ?? [], (name) => logins.isTrustedProvider(name), claims)
      : {};
    const minted = store.mint(identityId, authenticated, ttlSeconds, tags);
    log({
      service: 'cognito-identity',
      operation: 'GetCredentialsForIdentity',
      identityId,
      authenticated,
      accessKeyId: minted.accessKeyId,
      principalTags: Object.keys(tags),
      expiration: minted.expiration.toISOString(),
    });
    return {
      IdentityId: identityId,
      Credentials: {
        AccessKeyId: minted.accessKeyId,
        SecretKey: minted.secretAccessKey,
        SessionToken: minted.sessionToken,
        // AWS JSON 1.1 timestamps are epoch seconds.
        Expiration: Math.floor(minted.expiration.getTime() / 1000),
      },
    };
  }

  /** Checks the caller may act as `record`; returns the verified ID token's claims (none for guests). */
  async function authorizeFor(
    record: IdentityRecord,
    loginMap: Record<string, unknown> | undefined,
  ): Promise<Record<string, unknown> | undefined> {
    if (record.login === undefined) {
      requireGuestsAllowed();
      if (loginMap) throw loginsDoNotMatch();
      return undefined;
    }
    if (!loginMap) {
      throw new IdentityServiceError(
        'NotAuthorizedException',
        `Access to Identity '${record.identityId}' is forbidden.`,
      );
    }
    const verified = await verifyLogins(loginMap);
    if (verified.login !== record.login) throw loginsDoNotMatch();
    return verified.claims;
  }

  async function verifyLogins(
    loginMap: Record<string, unknown>,
  ): Promise<{ login: string; claims: Record<string, unknown> }> {
    const result = await logins.verify(loginMap);
    if (!result.ok) throw new IdentityServiceError(result.code, result.message);
    return result;
  }

  function requireGuestsAllowed(): void {
    if (!opts.allowUnauthenticated) {
      throw new IdentityServiceError(
        'NotAuthorizedException',
        'Unauthenticated access is not supported for this identity pool.',
      );
    }
  }

  const operations: Record<string, (input: Record<string, unknown>) => Promise<object>> = {
    GetId: getId,
    GetCredentialsForIdentity: getCredentialsForIdentity,
  };

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    if (req.method === 'OPTIONS') {
      writeCorsPreflight(req, res);
      return;
    }
    if (req.method !== 'POST') {
      throw new IdentityServiceError('UnknownOperationException', 'Only POST is supported.', 404);
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX)
      ? operations[target.slice(TARGET_PREFIX.length)]
      : undefined;
    if (!operation)
      throw new IdentityServiceError('UnknownOperationException', `Unknown operation ${target}`);
    const input = parseInput(await readBody(req));
    writeJson(res, 200, requestId, await operation(input));
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const requestId = randomUUID();
    handle(req, res, requestId).catch((error: unknown) => {
      if (error instanceof IdentityServiceError) {
        log({ service: 'cognito-identity', requestId, error: error.code, message: error.message });
        writeError(res, requestId, error);
        return;
      }
      log({
        service: 'cognito-identity',
        requestId,
        error: 'InternalErrorException',
        cause: error instanceof JwksUnavailableError ? error.message : String(error),
      });
      writeError(res, requestId, new IdentityServiceError('InternalErrorException', 'Internal error', 500));
    });
  };

  return { handler, credentials: store };
}

function loginsDoNotMatch(): IdentityServiceError {
  return new IdentityServiceError(
    'NotAuthorizedException',
    "Logins don't match. Please include at least one valid login for this identity or identity pool.",
  );
}

function requireString(input: Record<string, unknown>, member: string): string {
  const value = input[member];
  if (typeof value !== 'string' || value.length === 0) {
    const lower = member.charAt(0).toLowerCase() + member.slice(1);
    throw new IdentityServiceError(
      'InvalidParameterException',
      `1 validation error detected: Value null at '${lower}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function optionalLogins(input: Record<string, unknown>): Record<string, unknown> | undefined {
  const value = input.Logins;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new IdentityServiceError(
      'SerializationException',
      'Logins must be a map of provider name to token.',
    );
  }
  const map = value as Record<string, unknown>;
  return Object.keys(map).length === 0 ? undefined : map;
}

function parseInput(body: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body.length === 0 ? '{}' : body);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // fall through
  }
  throw new IdentityServiceError('SerializationException', 'Request body is not a JSON object.');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new IdentityServiceError('InvalidParameterException', 'Request body too large.', 413);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The real endpoint allows any origin; the browser calls it directly from the web app. */
function corsHeaders(): Record<string, string> {
  return {
    'access-control-allow-origin': '*',
    'access-control-expose-headers': 'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date',
  };
}

function writeCorsPreflight(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    ...corsHeaders(),
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? '*'),
    'access-control-max-age': '86400',
    'content-length': '0',
  });
  res.end();
}

function writeJson(res: ServerResponse, status: number, requestId: string, body: object, extra = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...corsHeaders(),
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': requestId,
    ...extra,
  });
  res.end(payload);
}

function writeError(res: ServerResponse, requestId: string, error: IdentityServiceError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  writeJson(
    res,
    error.status,
    requestId,
    { __type: error.code, message: error.message },
    {
      'x-amzn-errortype': `${error.code}:`,
    },
  );
}
