import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import type { PolicyDocument } from './index';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

// s3rver ships no types; loading it through require keeps this file independent of any ambient declaration.
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

// biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, resolved by IAM, not by JS.
export const IDENTITY_SUB = '${cognito-identity.amazonaws.com:sub}';

/** The identity pool's authenticated role for the two buckets, as serverless.yml declares it. */
export const identityRolePolicies: PolicyDocument[] = [
  {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        Resource: [
          `arn:aws:s3:::files/private/${IDENTITY_SUB}/*`,
          `arn:aws:s3:::media/uploads/${IDENTITY_SUB}/*`,
        ],
      },
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: 'arn:aws:s3:::files',
        Condition: { StringLike: { 's3:prefix': [`private/${IDENTITY_SUB}/`, `private/${IDENTITY_SUB}/*`] } },
      },
    ],
  },
];

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** s3rver on 127.0.0.1:<random> in a fresh temp directory, with the given buckets (and CORS XML). */
export async function startTestS3rver(buckets: { name: string; cors?: string }[]): Promise<RunningServer> {
  const directory = mkdtempSync(join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: buckets.map((b) => ({ name: b.name, configs: b.cors ? [Buffer.from(b.cors)] : [] })),
  });
  const { port } = await server.run();
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** An HTTP server for a request listener on 127.0.0.1:<random>. */
export async function listenOnRandomPort(
  listener: RequestListener,
): Promise<RunningServer & { server: Server }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export interface TestIssuer extends RunningServer {
  /** The issuer URL (`iss`); its JWKS is at `<issuer>/.well-known/jwks.json`. */
  issuer: string;
  /** Signs an RS256 token: `iss`, `iat`, `exp` (+10 min) and `sub` filled in unless given. */
  sign(claims: JWTPayload, options?: { otherKey?: boolean }): Promise<string>;
}

/** A throwaway JWT issuer on 127.0.0.1:<random>: its own RSA key (nobody else has it) and its JWKS. */
export async function startTestIssuer(): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const server = await listenOnRandomPort((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  const issuer = `${server.url}/pool_1`;
  const now = () => Math.floor(Date.now() / 1000);
  return {
    ...server,
    issuer,
    sign: (claims, options) =>
      new SignJWT({ iss: issuer, iat: now(), exp: now() + 600, sub: 'user-1', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .sign(options?.otherKey ? otherKey : privateKey),
  };
}
