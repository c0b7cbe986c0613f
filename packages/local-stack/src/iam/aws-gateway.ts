import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { BodyError, readBody } from '../http-body';
import type { Principal } from '../identity/credential-store';
import {
  type Decision,
  PolicyAuthorizer,
  type PolicyDocument,
  sessionArn,
} from '../s3-gateway/policy-authorizer';
import { type KeyLookup, type VerifyFailure, verifySigV4 } from './sigv4-verify';

/** One IAM check: an action on a resource ARN. */
export interface Access {
  action: string;
  resource: string;
  /** Other resources that grant the same access (SES: the address's domain identity). */
  alternatives?: string[];
}

/** How one AWS service answers: which checks a request needs and its error shapes. */
export interface ServiceModel {
  /** The IAM checks of this request; throw an `AwsRequestError` for a request the service refuses. */
  accesses(req: IncomingMessage, body: Buffer): Access[];
  /** The service's answer to a denied access, given AWS's message for it. */
  denied(res: ServerResponse, message: string): void;
  /** The service's answer to a request that failed authentication. */
  unauthenticated(res: ServerResponse, failure: VerifyFailure, message: string): void;
  /** Requests the service authorizes by a token in the request, not by IAM (Cognito's GetUser). */
  publicRequest?(req: IncomingMessage): boolean;
}

export interface AwsGatewayOptions {
  /** The emulator behind the gateway (DynamoDB Local, the SES emulator). */
  upstream: string;
  model: ServiceModel;
  keys: KeyLookup;
  /** Each function's role policies; read on every request (entries may be replaced while running). */
  lambdaPolicies: Record<string, PolicyDocument[]>;
  region: string;
  logger?: (entry: object) => void;
}

/** What a service's gateway is created with: everything but its model. */
export type ServiceGatewayOptions = Omit<AwsGatewayOptions, 'model'>;

const MAX_BODY = 16 * 1024 * 1024;

/**
 * A checking gateway in front of a local AWS emulator that itself checks nothing: it verifies the
 * caller's SigV4 signature with the caller's own key, evaluates every IAM check of the request
 * against the caller's role (the same evaluator as the S3 gateway, @cloud-copilot/iam-simulate),
 * answers a denial with the service's own error, and forwards allowed requests unchanged.
 */
export function createAwsGateway(opts: AwsGatewayOptions) {
  const authorizer = new PolicyAuthorizer({
    identityPolicies: [],
    lambdaPolicies: opts.lambdaPolicies,
    bucketPolicies: {},
  });
  const log = opts.logger ?? (() => {});
  // Decisions per role version: a reload replaces a function's policy array, which drops its cache.
  const decisions = new WeakMap<PolicyDocument[], Map<string, Promise<Decision>>>();
  const context = { 'aws:SecureTransport': 'true', 'aws:RequestedRegion': opts.region };

  function decide(principal: Principal, action: string, resource: string): Promise<Decision> {
    const evaluate = () => authorizer.authorize(principal, { action, resource, context: {} }, context);
    const role = principal.kind === 'lambda' ? opts.lambdaPolicies[principal.functionKey] : undefined;
    if (!role) return evaluate();
    const cache = decisions.get(role) ?? new Map<string, Promise<Decision>>();
    decisions.set(role, cache);
    const key = `${action} ${resource}`;
    const decision = cache.get(key) ?? evaluate();
    cache.set(key, decision);
    return decision;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, MAX_BODY);
    if (opts.model.publicRequest?.(req)) {
      await forward(req, body, res);
      return;
    }
    const verified = await verifySigV4(
      { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body },
      opts.keys,
    );
    if (!verified.ok) {
      log({ level: 'warn', msg: 'unauthenticated', failure: verified.failure });
      opts.model.unauthenticated(res, verified.failure, verified.message);
      return;
    }
    const accesses = opts.model.accesses(req, body);
    for (const access of accesses) {
      let decision: Decision | undefined;
      for (const resource of [access.resource, ...(access.alternatives ?? [])]) {
        decision = await decide(verified.principal, access.action, resource);
        if (decision.allowed || decision.result === 'ExplicitlyDenied') break;
      }
      if (decision && !decision.allowed) {
        log({ level: 'warn', msg: 'access denied', ...access, reason: decision.reason });
        opts.model.denied(res, deniedMessage(verified.principal, access, decision.result));
        return;
      }
    }
    await forward(req, body, res);
  }

  function forward(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    return new Promise((resolve, reject) => {
      const target = new URL(req.url ?? '/', opts.upstream);
      const upstream = httpRequest(
        target,
        { method: req.method, headers: { ...req.headers, host: target.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', resolve);
          answer.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  return (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: Error) => {
      log({ level: 'error', msg: 'gateway error', error: error.message });
      if (!res.headersSent) res.writeHead(error instanceof BodyError ? error.status : 500);
      res.end();
    });
  };
}

/** AWS's wording for an identity-policy denial (DynamoDB, SES and most JSON services). */
function deniedMessage(principal: Principal, access: Access, result: string): string {
  const why =
    result === 'ExplicitlyDenied'
      ? `with an explicit deny in an identity-based policy`
      : `because no identity-based policy allows the ${access.action} action`;
  const who = principal.kind === 'service' ? principal.service : sessionArn(principal);
  return `User: ${who} is not authorized to perform: ${access.action} on resource: ${access.resource} ${why}`;
}
