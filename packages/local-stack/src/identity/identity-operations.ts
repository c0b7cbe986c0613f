import type { SessionCredentialStore } from './credential-store';
import type { IdentityMap, IdentityRecord } from './identity-map';
import { IdentityServiceError, type Input, optionalLogins, requireString } from './identity-protocol';
import type { LoginVerifier } from './login-verifier';
import { type PrincipalTagMapping, sessionTagsFor } from './principal-tags';

/** What the pool's operations work on; built once by `createIdentityService`. */
export interface IdentityPool {
  identityPoolId: string;
  allowUnauthenticated: boolean;
  ttlSeconds: number;
  principalTags: readonly PrincipalTagMapping[];
  store: SessionCredentialStore;
  identities: IdentityMap;
  logins: LoginVerifier;
  log: (entry: object) => void;
}

type Claims = Record<string, unknown>;

/** `GetId`: a new guest identity, or the one identity of a verified login (created on first use). */
export async function getId(pool: IdentityPool, input: Input): Promise<object> {
  const poolId = requireString(input, 'IdentityPoolId');
  if (poolId !== pool.identityPoolId) {
    throw new IdentityServiceError('ResourceNotFoundException', `IdentityPool '${poolId}' not found.`);
  }
  const loginMap = optionalLogins(input);
  if (!loginMap) requireGuestsAllowed(pool);
  const record = loginMap
    ? await pool.identities.forLogin((await verifyLogins(pool, loginMap)).login)
    : await pool.identities.createGuest();
  const authenticated = loginMap !== undefined;
  pool.log({ service: 'cognito-identity', operation: 'GetId', identityId: record.identityId, authenticated });
  return { IdentityId: record.identityId };
}

/** `GetCredentialsForIdentity`: temporary keys for an identity the caller proves to be. */
export async function getCredentialsForIdentity(pool: IdentityPool, input: Input): Promise<object> {
  const identityId = requireString(input, 'IdentityId');
  const record = pool.identities.get(identityId);
  if (!record) {
    throw new IdentityServiceError('ResourceNotFoundException', `Identity '${identityId}' not found.`);
  }
  const claims = await authorizeFor(pool, record, optionalLogins(input));
  const authenticated = record.login !== undefined;
  const tags = claims
    ? sessionTagsFor(pool.principalTags, (name) => pool.logins.isTrustedProvider(name), claims)
    : {};
  const minted = pool.store.mint(identityId, authenticated, pool.ttlSeconds, tags);
  pool.log({
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
  pool: IdentityPool,
  record: IdentityRecord,
  loginMap: Input | undefined,
): Promise<Claims | undefined> {
  if (record.login === undefined) {
    requireGuestsAllowed(pool);
    if (loginMap) throw loginsDoNotMatch();
    return undefined;
  }
  if (!loginMap) {
    throw new IdentityServiceError(
      'NotAuthorizedException',
      `Access to Identity '${record.identityId}' is forbidden.`,
    );
  }
  const verified = await verifyLogins(pool, loginMap);
  if (verified.login !== record.login) throw loginsDoNotMatch();
  return verified.claims;
}

async function verifyLogins(pool: IdentityPool, loginMap: Input): Promise<{ login: string; claims: Claims }> {
  const result = await pool.logins.verify(loginMap);
  if (!result.ok) throw new IdentityServiceError(result.code, result.message);
  return result;
}

function requireGuestsAllowed(pool: IdentityPool): void {
  if (!pool.allowUnauthenticated) {
    throw new IdentityServiceError(
      'NotAuthorizedException',
      'Unauthenticated access is not supported for this identity pool.',
    );
  }
}

function loginsDoNotMatch(): IdentityServiceError {
  return new IdentityServiceError(
    'NotAuthorizedException',
    "Logins don't match. Please include at least one valid login for this identity or identity pool.",
  );
}
