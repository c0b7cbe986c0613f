import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';

export interface UserPoolTrust {
  /** The ID tokens' `iss`, e.g. `http://127.0.0.1:4316/local_abc`; its JWKS is at `<issuer>/.well-known/jwks.json`. */
  issuer: string;
  /** App client ids accepted as the ID token's `aud`. */
  clientIds: string[];
}

export type LoginVerification =
  | { ok: true; login: string; sub: string; claims: Record<string, unknown> }
  | { ok: false; code: 'NotAuthorizedException'; message: string };

/** Raised when the user pool's JWKS cannot be fetched: a fault of the local stack, not of the caller. */
export class JwksUnavailableError extends Error {
  override readonly name = 'JwksUnavailableError';
}

/**
 * Checks the `Logins` map of GetId / GetCredentialsForIdentity against the one user pool this identity
 * pool trusts, verifying the ID token's signature, issuer, audience, `token_use` and expiry.
 */
export class LoginVerifier {
  private readonly providerNames: Set<string>;
  /** Port-independent name, so identity ids survive a change of the local user-pool port. */
  private readonly canonicalProvider: string;
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    region: string,
    private readonly userPool: UserPoolTrust,
  ) {
    const issuerUrl = new URL(userPool.issuer);
    const userPoolId = issuerUrl.pathname.split('/').filter(Boolean).pop() ?? '';
    this.canonicalProvider = `cognito-idp.${region}.amazonaws.com/${userPoolId}`;
    const issuerWithoutScheme = userPool.issuer.replace(/^https?:\/\//, '').replace(/\/$/, '');
    this.providerNames = new Set([this.canonicalProvider, issuerWithoutScheme]);
    this.jwks = createRemoteJWKSet(new URL(`${userPool.issuer.replace(/\/$/, '')}/.well-known/jwks.json`));
  }

  /** Whether `providerName` names this pool's one trusted user pool (canonical or local form). */
  isTrustedProvider(providerName: string): boolean {
    return this.providerNames.has(providerName);
  }

  async verify(logins: Record<string, unknown>): Promise<LoginVerification> {
    let sub: string | undefined;
    let claims: Record<string, unknown> = {};
    for (const [provider, token] of Object.entries(logins)) {
      if (!this.providerNames.has(provider)) {
        return refuse('Token is not from a supported provider of this identity pool.');
      }
      if (typeof token !== 'string' || token.length === 0) return refuse('Invalid login token.');
      const result = await this.verifyIdToken(token);
      if (!result.ok) return result;
      if (sub !== undefined && sub !== result.sub)
        return refuse('Logins map contains tokens of different users.');
      sub = result.sub;
      claims = result.claims;
    }
    if (sub === undefined) return refuse('Invalid login token.');
    return { ok: true, login: `${this.canonicalProvider}:${sub}`, sub, claims };
  }

  private async verifyIdToken(token: string): Promise<LoginVerification> {
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        issuer: this.userPool.issuer,
        audience: this.userPool.clientIds,
      });
      if (payload.token_use !== 'id') return refuse('Invalid login token. Not an ID token.');
      if (typeof payload.sub !== 'string' || payload.sub.length === 0) {
        return refuse('Invalid login token. Missing sub.');
      }
      return {
        ok: true,
        login: `${this.canonicalProvider}:${payload.sub}`,
        sub: payload.sub,
        claims: { ...payload },
      };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) return refuse('Invalid login token. Token expired.');
      if (error instanceof joseErrors.JWKSTimeout || !(error instanceof joseErrors.JOSEError)) {
        throw new JwksUnavailableError(`cannot fetch the user pool's JWKS: ${String(error)}`, {
          cause: error,
        });
      }
      return refuse(`Invalid login token. ${error.message}`);
    }
  }
}

function refuse(message: string): LoginVerification {
  return { ok: false, code: 'NotAuthorizedException', message };
}
