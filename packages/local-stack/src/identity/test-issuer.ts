import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

export interface TestIssuer {
  /** `http://127.0.0.1:<port>/<poolId>`, the `iss` of the tokens, as cognito-local names it. */
  issuer: string;
  userPoolId: string;
  clientId: string;
  /** Mints an ID token for `sub`; `overrides` replace claims, `forge` signs with a key not in the JWKS. */
  idToken(
    sub: string,
    overrides?: { claims?: JWTPayload; expiresIn?: string | number; forge?: boolean },
  ): Promise<string>;
  close(): Promise<void>;
}

/**
 * A minimal user-pool token issuer for tests: an RS256 key pair whose public half is served at
 * `/<poolId>/.well-known/jwks.json` on 127.0.0.1 (random port), the same layout as cognito-local.
 */
export async function startTestIssuer(userPoolId = 'local_testpool'): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const forger = await generateKeyPair('RS256');
  const kid = 'test-key';
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] });
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === `/${userPoolId}/.well-known/jwks.json`) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(jwks);
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}/${userPoolId}`;
  const clientId = `client-${randomUUID().slice(0, 8)}`;

  return {
    issuer,
    userPoolId,
    clientId,
    async idToken(sub, overrides = {}) {
      const claims = { sub, iss: issuer, aud: clientId, token_use: 'id', email: `${sub}@example.test` };
      return new SignJWT({ ...claims, ...overrides.claims })
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuedAt()
        .setExpirationTime(overrides.expiresIn ?? '1h')
        .sign(overrides.forge ? forger.privateKey : privateKey);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
