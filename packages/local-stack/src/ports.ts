import { createServer } from 'node:net';

/** Fixed offsets from one base port, so the whole stack moves with LOCAL_STACK_PORT_BASE. */
export const PORT_OFFSETS = {
  web: 0,
  api: 1,
  lambda: 2,
  dynamodb: 3,
  s3: 4,
  s3Upstream: 5,
  cognitoIdp: 6,
  cognitoIdentity: 7,
  ses: 8,
  mailbox: 9,
  websocket: 10,
  /** serverless-offline's own HTTP port, behind the HTTP API front on `api`. */
  apiUpstream: 11,
  /** The local CloudFront API (invalidations, edge stats); the edge itself is `web`. */
  cloudfront: 12,
  /** `next dev` when LOCAL_STACK_WEB=dev. */
  webDev: 13,
  /** The checking gateways the Lambdas call (SigV4 + each function's role) in front of DynamoDB, SES, Cognito IdP. */
  dynamodbGateway: 14,
  sesGateway: 15,
  cognitoIdpGateway: 16,
  /** What the stream poller reads DynamoDB Streams through (the `awsRegion` AWS puts in records). */
  dynamodbStreams: 17,
} as const;

export type PortName = keyof typeof PORT_OFFSETS;
export type Ports = Record<PortName, number>;

export const DEFAULT_PORT_BASE = 4300;

export function portPlan(base: number): Ports {
  return Object.fromEntries(Object.entries(PORT_OFFSETS).map(([k, off]) => [k, base + off])) as Ports;
}

export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Throws a clear error naming every taken port (and how to move the stack). */
export async function assertPortsFree(ports: Ports): Promise<void> {
  const taken: string[] = [];
  for (const [name, port] of Object.entries(ports)) {
    // 0.0.0.0 too: a wildcard listener would shadow ours for some clients.
    if (!(await isPortFree(port)) || !(await isPortFree(port, '0.0.0.0'))) taken.push(`${name} (${port})`);
  }
  if (taken.length > 0) {
    throw new Error(
      `Port(s) already in use: ${taken.join(', ')}. Stop what uses them, or move the whole stack with ` +
        `LOCAL_STACK_PORT_BASE=<port> (it uses base..base+${Object.keys(ports).length - 1}).`,
    );
  }
}

/**
 * Waits (up to `timeoutMs`) until every port is free — the leftovers of a killed stack release their
 * ports a moment after SIGKILL — then asserts it, with the usual clear error.
 */
export async function waitForPortsFree(ports: Ports, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const allFree = async () => {
    for (const port of Object.values(ports)) {
      if (!(await isPortFree(port)) || !(await isPortFree(port, '0.0.0.0'))) return false;
    }
    return true;
  };
  while (Date.now() < deadline && !(await allFree())) await new Promise((r) => setTimeout(r, 200));
  await assertPortsFree(ports);
}

/** Finds a base where the whole range is free (used by tests). */
export async function findFreePortBase(start: number, attempts = 40): Promise<number> {
  for (let i = 0; i < attempts; i++) {
    const base = start + i * 20;
    const ports = portPlan(base);
    let free = true;
    for (const port of Object.values(ports)) {
      if (!(await isPortFree(port)) || !(await isPortFree(port, '0.0.0.0'))) {
        free = false;
        break;
      }
    }
    if (free) return base;
  }
  throw new Error(`No free port range found from ${start}`);
}
