/**
 * The HTTP API's JWT authorizers, as API Gateway runs them before invoking a route's function:
 * the token from the identity source (a `Bearer ` prefix removed), an RSA signature checked against
 * the issuer's JWKS, `iss` equal to `issuerUrl`, `exp`/`nbf`/`iat`, `aud` (or `client_id` when there
 * is no `aud`) in `audience`, and the route's scopes if it lists any. A refusal is API Gateway's
 * 401 `{"message":"Unauthorized"}` with a `www-authenticate` header naming the reason; on success the
 * claims reach the function as API Gateway passes them (payload 2.0: every value a string).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';

export interface JwtAuthorizer {
  issuerUrl: string;
  audience: string[];
  /** Lower-cased request header the token is read from (`$request.header.Authorization`). */
  header: string;
}

interface AuthorizerSettings {
  type?: string;
  identitySource?: string;
  issuerUrl?: string;
  audience?: string | string[];
}

/**
 * The JWT authorizers of `provider.httpApi` (its `authorizers`). Anything API Gateway would refuse to
 * deploy, or that this stand-in cannot run (a Lambda authorizer), stops the stack with a reason.
 */
export function jwtAuthorizersFromConfig(httpApi: unknown): Map<string, JwtAuthorizer> {
  const { authorizers } = (httpApi ?? {}) as { authorizers?: Record<string, AuthorizerSettings> };
  const out = new Map<string, JwtAuthorizer>();
  for (const [name, settings] of Object.entries(authorizers ?? {})) {
    const header = /^\$request\.header\.([A-Za-z0-9-]+)$/.exec(settings.identitySource ?? '')?.[1];
    const audience = [settings.audience ?? []].flat().filter((a) => a !== '');
    if (settings.type !== 'jwt' || !header || !settings.issuerUrl || audience.length === 0) {
      throw new Error(
        `httpApi authorizer "${name}": the local HTTP API runs JWT authorizers with a header identity source, an issuerUrl and an audience`,
      );
    }
    out.set(name, { issuerUrl: settings.issuerUrl, audience, header: header.toLowerCase() });
  }
  return out;
}

export type AuthorizerVerdict =
  | { ok: true; claims: Record<string, string>; scopes: string[] | null }
  | { ok: false; wwwAuthenticate: string };

const refuse = (description?: string): AuthorizerVerdict => ({
  ok: false,
  wwwAuthenticate: description
    ? `Bearer scope="" error="invalid_token" error_description="${description}"`
    : 'Bearer',
});

/** Claims as API Gateway hands them over: strings as they are, arrays as `[a b]`, the rest as text. */
export function apiGatewayClaims(payload: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value)
      ? `[${value.join(' ')}]`
      : typeof value === 'object' && value !== null
        ? JSON.stringify(value)
        : String(value);
  }
  return out;
}

function scopesOf(payload: JWTPayload): string[] {
  const scope = payload.scope ?? payload.scp;
  if (typeof scope === 'string') return scope.split(' ').filter(Boolean);
  return Array.isArray(scope) ? scope.map(String) : [];
}

function audienceMatches(payload: JWTPayload, audience: string[]): boolean {
  // API Gateway evaluates `aud` when the token has one, `client_id` only when it has none.
  const claimed = payload.aud !== undefined ? [payload.aud].flat() : [payload.client_id];
  return claimed.some((a) => typeof a === 'string' && audience.includes(a));
}

function describeFailure(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iss') {
    return 'the token does not have a valid issuer';
  }
  return 'the token is not valid';
}

/** Runs one authorizer for a request: what API Gateway would answer, or the claims to pass on. */
export function createJwtAuthorizerCheck(authorizer: JwtAuthorizer) {
  const issuer = authorizer.issuerUrl;
  const keys = createRemoteJWKSet(new URL(`${issuer.replace(/\/$/, '')}/.well-known/jwks.json`));

  return async (headers: IncomingHttpHeaders, routeScopes: string[] = []): Promise<AuthorizerVerdict> => {
    const value = headers[authorizer.header];
    const token = /^(?:Bearer\s+)?(\S+)$/i.exec((Array.isArray(value) ? value[0] : value)?.trim() ?? '')?.[1];
    if (!token) return refuse();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, { issuer, algorithms: ['RS256', 'RS384', 'RS512'] }));
    } catch (error) {
      return refuse(describeFailure(error));
    }
    if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000) {
      return refuse('the token is not valid yet');
    }
    if (!audienceMatches(payload, authorizer.audience)) {
      return refuse('the token does not have a valid audience');
    }
    const scopes = scopesOf(payload);
    if (routeScopes.length > 0 && !routeScopes.some((s) => scopes.includes(s))) {
      return refuse('the token does not have the required scopes');
    }
    return { ok: true, claims: apiGatewayClaims(payload), scopes: routeScopes.length > 0 ? scopes : null };
  };
}
