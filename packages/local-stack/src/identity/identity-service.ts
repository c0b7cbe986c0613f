import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type CredentialStore,
  type Principal,
  SessionCredentialStore,
  type StaticCredential,
} from './credential-store';
import { IdentityMap, loadMasterKey } from './identity-map';
import { getCredentialsForIdentity, getId, type IdentityPool } from './identity-operations';
import {
  IdentityServiceError,
  type Input,
  readInput,
  targetOperation,
  writeCorsPreflight,
  writeError,
  writeJson,
} from './identity-protocol';
import { JwksUnavailableError, LoginVerifier, type UserPoolTrust } from './login-verifier';
import type { PrincipalTagMapping } from './principal-tags';

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

const DEFAULT_TTL_SECONDS = 3600;

const OPERATIONS: Record<string, (pool: IdentityPool, input: Input) => Promise<object>> = {
  GetId: getId,
  GetCredentialsForIdentity: getCredentialsForIdentity,
};

/**
 * A local Cognito Identity endpoint (AWS JSON 1.1), enough for `fromCognitoIdentityPool` of the AWS SDK:
 * the browser code is the same locally and in AWS, only the endpoint differs.
 */
export function createIdentityService(opts: IdentityServiceOptions): IdentityService {
  const store = new SessionCredentialStore(
    loadMasterKey(opts.dataDir),
    opts.identityPoolId,
    (opts.staticCredentials ?? []) satisfies StaticCredential[],
  );
  const pool: IdentityPool = {
    identityPoolId: opts.identityPoolId,
    allowUnauthenticated: opts.allowUnauthenticated,
    ttlSeconds: opts.credentialTtlSeconds ?? DEFAULT_TTL_SECONDS,
    principalTags: opts.principalTags ?? [],
    store,
    identities: new IdentityMap(opts.dataDir, opts.region),
    logins: new LoginVerifier(opts.region, opts.userPool),
    log: opts.logger ?? (() => {}),
  };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const requestId = randomUUID();
    handle(pool, req, res, requestId).catch((error: unknown) => answerError(pool, res, requestId, error));
  };
  return { handler, credentials: store };
}

async function handle(
  pool: IdentityPool,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Promise<void> {
  if (req.method === 'OPTIONS') {
    writeCorsPreflight(req, res);
    return;
  }
  const operation = targetOperation(req, OPERATIONS);
  const input = await readInput(req);
  writeJson(res, 200, requestId, await operation(pool, input));
}

function answerError(pool: IdentityPool, res: ServerResponse, requestId: string, error: unknown): void {
  if (error instanceof IdentityServiceError) {
    pool.log({ service: 'cognito-identity', requestId, error: error.code, message: error.message });
    writeError(res, requestId, error);
    return;
  }
  pool.log({
    service: 'cognito-identity',
    requestId,
    error: 'InternalErrorException',
    cause: error instanceof JwksUnavailableError ? error.message : String(error),
  });
  writeError(res, requestId, new IdentityServiceError('InternalErrorException', 'Internal error', 500));
}
