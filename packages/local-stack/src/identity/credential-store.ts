import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Who a set of credentials acts for. An identity-pool identity assumes the pool's role (authenticated
 * or, when the pool allows it, unauthenticated); `lambda` stands for one function's execution role;
 * `service` for an AWS service principal (the local edge signs its S3 origin requests as one).
 */
export type Principal =
  | {
      kind: 'identity';
      identityId: string;
      /** The pool that issued the credentials (`cognito-identity.amazonaws.com:aud`). */
      identityPoolId?: string;
      /** False for guest identities; absent means authenticated. */
      authenticated?: boolean;
      /** Session (principal) tags, `aws:PrincipalTag/<name>` in IAM; e.g. `userId` = the user-pool sub. */
      tags?: Record<string, string>;
    }
  | {
      kind: 'lambda';
      /** The function's key in serverless.yml; its role is that function's `iamRoleStatements`. */
      functionKey: string;
      /** IAM role and session names as AWS shows them in an AccessDenied message. */
      roleName: string;
      sessionName: string;
    }
  /** Whoever deploys (a developer's admin role or CI's deploy role): publishes the site locally. */
  | { kind: 'deployer' }
  /**
   * An AWS service acting for a resource of this account, e.g. CloudFront origin access control:
   * bucket policies match it by `Principal: { Service }` and `aws:SourceArn`.
   */
  | { kind: 'service'; service: string; sourceArn: string; sourceAccount: string };

export interface ResolvedCredential {
  accessKeyId: string;
  secretAccessKey: string;
  principal: Principal;
  expiration?: Date;
}

export type CredentialErrorCode = 'InvalidAccessKeyId' | 'ExpiredToken' | 'InvalidToken';

export type CredentialResolution =
  | { ok: true; credential: ResolvedCredential }
  | { ok: false; code: CredentialErrorCode };

/** Looks up the secret of an access key, the way STS-issued keys are checked by S3. */
export interface CredentialStore {
  resolve(accessKeyId: string, sessionToken: string | undefined): CredentialResolution;
}

export interface StaticCredential {
  accessKeyId: string;
  secretAccessKey: string;
  principal: Principal;
}

export interface MintedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

interface SessionTokenPayload {
  akid: string;
  identityId: string;
  /** Expiry in epoch seconds. */
  exp: number;
  /** Authenticated role (true) or guest role (false). */
  auth: boolean;
  /** Session tags; covered by the token's HMAC, so a caller cannot change them. */
  tags?: Record<string, string>;
}

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomAccessKeyId(): string {
  let id = 'ASIA';
  for (const byte of randomBytes(16)) {
    id += BASE32_ALPHABET[byte % 32];
  }
  return id;
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * Issues and checks temporary credentials without keeping per-credential state: the secret is
 * HMAC(masterKey, accessKeyId) and the session token carries its own HMAC-signed claims, so credentials
 * survive a restart of the local stack as long as the master key does.
 */
export class SessionCredentialStore implements CredentialStore {
  private readonly staticByKey: Map<string, StaticCredential>;

  constructor(
    private readonly masterKey: Buffer,
    private readonly identityPoolId: string,
    staticCredentials: readonly StaticCredential[] = [],
    private readonly now: () => number = Date.now,
  ) {
    this.staticByKey = new Map(staticCredentials.map((c) => [c.accessKeyId, c]));
  }

  mint(
    identityId: string,
    authenticated: boolean,
    ttlSeconds: number,
    tags: Record<string, string> = {},
  ): MintedCredentials {
    const accessKeyId = randomAccessKeyId();
    const exp = Math.floor(this.now() / 1000) + ttlSeconds;
    const payload: SessionTokenPayload = { akid: accessKeyId, identityId, exp, auth: authenticated };
    if (Object.keys(tags).length > 0) payload.tags = { ...tags };
    const body = base64url(JSON.stringify(payload));
    return {
      accessKeyId,
      secretAccessKey: this.secretFor(accessKeyId),
      sessionToken: `${body}.${this.tokenSignature(body)}`,
      expiration: new Date(exp * 1000),
    };
  }

  resolve(accessKeyId: string, sessionToken: string | undefined): CredentialResolution {
    const fixed = this.staticByKey.get(accessKeyId);
    if (fixed) {
      // Static keys stand for long-lived role keys; a session token sent along with them is ignored.
      return { ok: true, credential: { ...fixed } };
    }
    // A temporary key without its token is unknown to S3, just as in AWS.
    if (!sessionToken) return { ok: false, code: 'InvalidAccessKeyId' };

    const payload = this.verifyToken(sessionToken);
    if (!payload || payload.akid !== accessKeyId) return { ok: false, code: 'InvalidToken' };
    if (payload.exp * 1000 <= this.now()) return { ok: false, code: 'ExpiredToken' };

    return {
      ok: true,
      credential: {
        accessKeyId,
        secretAccessKey: this.secretFor(accessKeyId),
        principal: {
          kind: 'identity',
          identityId: payload.identityId,
          identityPoolId: this.identityPoolId,
          authenticated: payload.auth,
          ...(payload.tags ? { tags: { ...payload.tags } } : {}),
        },
        expiration: new Date(payload.exp * 1000),
      },
    };
  }

  private secretFor(accessKeyId: string): string {
    return createHmac('sha256', this.masterKey).update(`secret:${accessKeyId}`).digest('base64').slice(0, 40);
  }

  private tokenSignature(body: string): string {
    return createHmac('sha256', this.masterKey).update(`token:${body}`).digest('base64url');
  }

  private verifyToken(token: string): SessionTokenPayload | undefined {
    const [body, signature, ...rest] = token.split('.');
    if (!body || !signature || rest.length > 0) return undefined;
    const expected = Buffer.from(this.tokenSignature(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const parsed: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      return isTokenPayload(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
}

function isTokenPayload(value: unknown): value is SessionTokenPayload {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.akid === 'string' &&
    typeof v.identityId === 'string' &&
    typeof v.exp === 'number' &&
    typeof v.auth === 'boolean' &&
    (v.tags === undefined || isStringMap(v.tags))
  );
}

function isStringMap(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
