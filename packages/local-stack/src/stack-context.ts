import type { Server } from 'node:http';
import type S3rver from 's3rver';
import type { Ports } from './ports';
import type { ManagedProcess } from './processes';
import type { StackInfo, StackOptions } from './stack';
import type { LocalRef, ServerlessConfig } from './template';
import type { WebConfig } from './web';

/** Ids and secrets kept in `<dataDir>/state.json` across restarts. */
export interface StackState {
  userPoolId?: string;
  userPoolClientId?: string;
  identityPoolId: string;
  lambdaAccessKeyId: string;
  lambdaSecretAccessKey: string;
  /** The local edge's origin access control key (SigV4 as cloudfront.amazonaws.com). */
  oacAccessKeyId: string;
  oacSecretAccessKey: string;
  /** The deployer's key (an administrator): publishes the site to the local site bucket. */
  deployerAccessKeyId: string;
  deployerSecretAccessKey: string;
}

/**
 * What the steps hand to later steps. A step that provides something new adds its field here;
 * a later step reads it with `ctx.need('field')` (which names the missing step if it is not there).
 */
export interface Provided {
  config: ServerlessConfig;
  region: string;
  tableNames: Record<string, string>;
  userPool: { userPoolId: string; userPoolClientId: string; jwtIssuer: string };
  /** The HTTP API's JWT authorizers, issuer and audience resolved for this stack's user pool. */
  jwtAuthorizers: Map<string, import('./http-api/jwt-authorizer').JwtAuthorizer>;
  refs: Record<string, LocalRef>;
  identity: import('./identity').IdentityService;
  s3rver: S3rver;
  s3Setup: ReturnType<typeof import('./s3').s3SetupFromConfig>;
  info: StackInfo;
  edge: import('./edge').RunningEdge;
  webConfig: WebConfig;
  lambdaRoles: {
    credentials: import('./iam/lambda-roles').LambdaCredential[];
    policies: Record<string, import('./s3-gateway/policy-authorizer').PolicyDocument[]>;
  };
}

export interface StackContext {
  options: StackOptions;
  log: (line: string) => void;
  dataDir: string;
  logsDir: string;
  ports: Ports;
  state: StackState;
  /** Writes `state` to `<dataDir>/state.json` (atomically). */
  saveState(): void;
  /** The template, relative to the repository root. */
  configFile: string;
  /** Environment shared by every child that runs project code. */
  baseEnv: NodeJS.ProcessEnv;
  startedAt: number;
  url(port: number): string;
  /** Child processes (stopped in parallel, watched for crashes). */
  processes: ManagedProcess[];
  /** Registers a child process: stopped on stop, recorded for a later start after a `kill -9`. */
  addProcess(p: ManagedProcess): void;
  /** In-process servers, closed on stop. */
  servers: Server[];
  /** Other things to close on stop (run after processes and servers). */
  closers: (() => Promise<void>)[];
  provide<K extends keyof Provided>(key: K, value: Provided[K]): void;
  need<K extends keyof Provided>(key: K): Provided[K];
}

/** One named stage of `startStack`; steps run in order, each may `provide` for the later ones. */
export interface StackStep {
  name: string;
  run(ctx: StackContext): Promise<void> | void;
}

export function createStackContext(
  fields: Omit<StackContext, 'provide' | 'need' | 'addProcess' | 'processes' | 'servers' | 'closers'>,
  onProcessesChanged: (processes: ManagedProcess[]) => void,
): StackContext {
  const provided: Partial<Provided> = {};
  const processes: ManagedProcess[] = [];
  return {
    ...fields,
    processes,
    servers: [],
    closers: [],
    addProcess(p) {
      processes.push(p);
      onProcessesChanged(processes);
    },
    provide(key, value) {
      provided[key] = value;
    },
    need(key) {
      const value = provided[key];
      if (value === undefined) throw new Error(`local stack: no step provided "${key}" before it was needed`);
      return value as Provided[typeof key];
    },
  };
}
