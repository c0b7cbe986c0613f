import { createPublicKey, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** cognito-local signs with this key id (hard-coded); the JWKS publishes our key under it. */
export const KEY_ID = 'CognitoLocal';

export interface SigningKey {
  privatePem: string;
  publicJwk: JsonWebKey & { kid: string; alg: string; use: string };
}

/**
 * This stack's own RSA signing key for the local user pool, created at first start and kept in
 * `file` (mode 0600, under the stack's data dir). cognito-local ships a key pair inside its npm
 * package — anyone could mint tokens with it — so the stack never signs or trusts that one.
 */
export function ensureSigningKey(file: string): SigningKey {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  const privatePem = readFileSync(file, 'utf8');
  const publicJwk = createPublicKey(privatePem).export({ format: 'jwk' });
  return { privatePem, publicJwk: { ...publicJwk, kid: KEY_ID, alg: 'RS256', use: 'sig' } };
}
