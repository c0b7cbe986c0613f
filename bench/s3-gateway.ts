/**
 * S3 gateway overhead: PutObject + GetObject of a 16 KiB object through the verifying gateway
 * (SigV4, session token, IAM evaluation, body verification, re-signing) against the same calls made
 * directly to s3rver with its default `S3RVER` key. `run()` returns a markdown section;
 * `npx tsx bench/s3-gateway.ts` prints it.
 *
 * Everything runs in this process on loopback: s3rver, the local identity pool, a throwaway token
 * issuer and the gateway, each on a random 127.0.0.1 port, all closed at the end. The two paths are
 * interleaved round by round (alternating which goes first) so drift hits both alike.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createIdentityService } from '@app/local-stack/identity/index';
import { startTestIssuer } from '@app/local-stack/identity/test-issuer';
import { createS3Gateway } from '@app/local-stack/s3-gateway/index';
import {
  identityRolePolicies,
  listenOnRandomPort,
  startTestS3rver,
} from '@app/local-stack/s3-gateway/test-servers';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers';

const ROUNDS = 200;
const WARMUPS = 20;
const OBJECT_BYTES = 16 * 1024;
const REGION = 'us-east-1';
const IDENTITY_POOL_ID = `${REGION}:00000000-0000-4000-8000-0000000000be`;

interface Timings {
  put: number[];
  get: number[];
  total: number[];
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

async function roundTrip(client: S3Client, key: string, body: Buffer, into?: Timings): Promise<void> {
  const started = performance.now();
  await client.send(new PutObjectCommand({ Bucket: 'files', Key: key, Body: body }));
  const put = performance.now();
  const response = await client.send(new GetObjectCommand({ Bucket: 'files', Key: key }));
  const bytes = await response.Body?.transformToByteArray();
  const done = performance.now();
  if (bytes?.length !== body.length)
    throw new Error(`read back ${bytes?.length} bytes, expected ${body.length}`);
  into?.put.push(put - started);
  into?.get.push(done - put);
  into?.total.push(done - started);
}

export async function run(): Promise<string> {
  const issuer = await startTestIssuer();
  const s3rver = await startTestS3rver([{ name: 'files' }]);
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-s3-gateway-'));
  const closers: (() => Promise<void>)[] = [];
  try {
    const identity = createIdentityService({
      region: REGION,
      identityPoolId: IDENTITY_POOL_ID,
      allowUnauthenticated: false,
      userPool: { issuer: issuer.issuer, clientIds: [issuer.clientId] },
      dataDir,
    });
    const identityServer = await listenOnRandomPort(identity.handler);
    closers.push(identityServer.close);
    const gateway = await listenOnRandomPort(
      createS3Gateway({
        upstream: s3rver.url,
        region: REGION,
        credentials: identity.credentials,
        identityPolicies: identityRolePolicies,
        lambdaPolicies: {},
        bucketPolicies: {},
      }),
    );
    closers.push(gateway.close);

    const credentials = await fromCognitoIdentityPool({
      identityPoolId: IDENTITY_POOL_ID,
      logins: {
        [`cognito-idp.${REGION}.amazonaws.com/${issuer.userPoolId}`]: await issuer.idToken('bench-user'),
      },
      clientConfig: { region: REGION, endpoint: identityServer.url },
    })();
    const prefix = `private/${credentials.identityId}/bench`;
    const clients = {
      direct: new S3Client({
        endpoint: s3rver.url,
        forcePathStyle: true,
        region: REGION,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      }),
      gateway: new S3Client({ endpoint: gateway.url, forcePathStyle: true, region: REGION, credentials }),
    };
    closers.push(async () => {
      clients.direct.destroy();
      clients.gateway.destroy();
    });

    const body = randomBytes(OBJECT_BYTES);
    const timings: Record<keyof typeof clients, Timings> = {
      direct: { put: [], get: [], total: [] },
      gateway: { put: [], get: [], total: [] },
    };
    for (let round = 0; round < WARMUPS + ROUNDS; round++) {
      const order = round % 2 === 0 ? (['direct', 'gateway'] as const) : (['gateway', 'direct'] as const);
      for (const path of order) {
        const into = round >= WARMUPS ? timings[path] : undefined;
        await roundTrip(clients[path], `${prefix}/${path}-${round % 20}.bin`, body, into);
      }
    }

    const fmt = (ms: number) => ms.toFixed(2);
    const rows = (['put', 'get', 'total'] as const).map((measure) => {
      const direct = timings.direct[measure];
      const viaGateway = timings.gateway[measure];
      const directMedian = quantile(direct, 0.5);
      const gatewayMedian = quantile(viaGateway, 0.5);
      const label = { put: 'PutObject', get: 'GetObject (incl. reading the body)', total: 'PUT + GET' }[
        measure
      ];
      return `| ${label} | ${fmt(directMedian)} | ${fmt(quantile(direct, 0.95))} | ${fmt(gatewayMedian)} | ${fmt(quantile(viaGateway, 0.95))} | ${(gatewayMedian / directMedian).toFixed(2)}× | +${fmt(gatewayMedian - directMedian)} |`;
    });
    return [
      '## S3 gateway overhead',
      '',
      `What the local S3 costs for being as strict as AWS: ${ROUNDS} PutObject + GetObject round trips of a 16 KiB object with the AWS SDK v3, through the verifying gateway (SigV4 with session token, IAM evaluation with iam-simulate, SHA-256 and CRC32 of the body checked before it is forwarded, re-signed towards s3rver) against the same calls sent to s3rver directly with its \`S3RVER\` key. Times in ms, loopback only.`,
      '',
      '| request | direct median | direct p95 | gateway median | gateway p95 | median ratio | added (median) |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
      `Method: one process; s3rver, the local identity pool, the gateway and a throwaway JWKS issuer on random 127.0.0.1 ports; credentials from \`fromCognitoIdentityPool\` against the local identity pool. ${WARMUPS} warm-up rounds are discarded; the two paths alternate which goes first each round. Both clients compute the SDK's default checksums, so the difference is the gateway's own work plus one extra loopback hop.`,
      '',
    ].join('\n');
  } finally {
    for (const close of closers.reverse()) await close();
    await s3rver.close();
    await issuer.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const [, entry] = process.argv;
if (entry && import.meta.url === pathToFileURL(entry).href) {
  run().then(
    (section) => process.stdout.write(section),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
