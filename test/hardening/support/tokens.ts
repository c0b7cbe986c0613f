import { createPrivateKey } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { StackInfo } from '@app/local-stack';
import {
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  SignJWT,
} from 'jose';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

/** The key pair published inside the cognito-local npm package: anyone can read it. */
export function publishedCognitoLocalKey(): JWK {
  const file = join(repoRoot, 'node_modules/cognito-local/lib/keys/cognitoLocal.private.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { jwk: JWK }).jwk;
}

/**
 * The private key the stack's user pool signs with, found in its data directory (a per-stack key,
 * created at first start); the published cognito-local key if the stack has none of its own.
 * Used only to mint *expired* tokens with a genuine signature, so that expiry alone is tested.
 */
export function stackSigningKey(stack: StackInfo): { jwk: JWK; source: string } {
  const pem = join(stack.dataDir, 'cognito-signing-key.pem');
  if (existsSync(pem)) {
    return { jwk: createPrivateKey(readFileSync(pem)).export({ format: 'jwk' }) as JWK, source: pem };
  }
  for (const file of walk(stack.dataDir, 4)) {
    if (!/\.(json|jwk)$/.test(file) || statSync(file).size > 64 * 1024) continue;
    try {
      const found = findPrivateJwk(JSON.parse(readFileSync(file, 'utf8')));
      if (found) return { jwk: found, source: file };
    } catch {
      // not JSON
    }
  }
  return { jwk: publishedCognitoLocalKey(), source: 'cognito-local package' };
}

function* walk(dir: string, depth: number): Generator<string> {
  if (depth < 0 || !existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['s3', 'logs', 'dynamodb', 'esbuild', 'node_modules'].includes(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path, depth - 1);
    else yield path;
  }
}

function findPrivateJwk(value: unknown, depth = 0): JWK | undefined {
  if (depth > 4 || typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v.kty === 'RSA' && typeof v.d === 'string' && typeof v.n === 'string') return v as JWK;
  for (const child of Object.values(v)) {
    const found = findPrivateJwk(child, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export async function signWith(jwk: JWK, claims: Record<string, unknown>, kid: string): Promise<string> {
  const key = await importJWK({ ...jwk, alg: 'RS256' }, 'RS256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key);
}

/** A fresh key pair nobody trusts, for tokens "from another issuer". */
export async function strangerKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return exportJWK(privateKey);
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export type TokenKind =
  | 'no token'
  | 'garbage'
  | 'tampered'
  | 'alg none'
  | 'expired'
  | 'other issuer'
  | 'forged (published key)'
  | "other user's"
  | 'owner';

export const BAD_KINDS: TokenKind[] = [
  'no token',
  'garbage',
  'tampered',
  'alg none',
  'expired',
  'other issuer',
  'forged (published key)',
];

/** Every kind of token for one real token of the owner (an ID or an access token). */
export async function tokenVariants(
  stack: StackInfo,
  owner: string,
  other: string,
  otherUserId: string,
): Promise<Record<TokenKind, string | undefined>> {
  const [header, payload] = owner.split('.') as [string, string, string];
  const claims = decodeJwt(owner) as Record<string, unknown>;
  const kid = String(decodeProtectedHeader(owner).kid ?? 'CognitoLocal');
  const now = Math.floor(Date.now() / 1000);
  const { jwk } = stackSigningKey(stack);
  const otherIssuer = `https://cognito-idp.${stack.region}.amazonaws.com/${stack.region}_Stranger1`;
  return {
    'no token': undefined,
    garbage: 'not-a-jwt',
    // Same signature, another user's sub in the payload.
    tampered: `${header}.${b64({ ...claims, sub: otherUserId })}.${owner.split('.')[2]}`,
    'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
    expired: await signWith(jwk, { ...claims, iat: now - 7200, auth_time: now - 7200, exp: now - 3600 }, kid),
    'other issuer': await signWith(
      await strangerKey(),
      { ...claims, iss: otherIssuer, exp: now + 3600 },
      kid,
    ),
    'forged (published key)': await signWith(
      publishedCognitoLocalKey(),
      { ...claims, iat: now, exp: now + 3600 },
      kid,
    ),
    "other user's": other,
    owner,
  };
}
