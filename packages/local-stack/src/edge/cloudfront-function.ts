import { createHash, createHmac } from 'node:crypto';
import { createContext, Script } from 'node:vm';
import type { FunctionCode } from './distribution';

/** The CloudFront Functions event object (`version: '1.0'`), as the runtime passes it to `handler`. */
export interface FunctionValue {
  value: string;
  multiValue?: { value: string }[];
}
export type FunctionValues = Record<string, FunctionValue>;

export interface FunctionRequest {
  method: string;
  uri: string;
  querystring: FunctionValues;
  headers: FunctionValues;
  cookies: FunctionValues;
}

export interface FunctionResponse {
  statusCode: number;
  statusDescription?: string;
  headers?: FunctionValues;
  cookies?: Record<string, { value: string; attributes?: string }>;
  body?: string | { data: string; encoding: 'text' | 'base64' };
}

export interface FunctionEvent {
  version: '1.0';
  context: { distributionDomainName: string; distributionId: string; eventType: string; requestId: string };
  viewer: { ip: string };
  request: FunctionRequest;
  response?: FunctionResponse;
}

/** Functions have 1 ms of compute in CloudFront; a local machine under load gets more slack. */
const TIMEOUT_MS = 200;

/** The modules cloudfront-js-2.0 lets a function `require` (the parts a function can use locally). */
function runtimeRequire(name: string): unknown {
  if (name === 'crypto') return { createHash, createHmac };
  if (name === 'querystring') return { parse: (s: string) => Object.fromEntries(new URLSearchParams(s)) };
  throw new Error(`Cannot find module '${name}' (not available to CloudFront Functions)`);
}

/**
 * A CloudFront Function's own code, run in a fresh `node:vm` context per compile: the template's
 * `FunctionCode` is executed as written, its `handler(event)` called per request.
 */
export class CloudFrontFunction {
  private readonly handler: (event: FunctionEvent) => unknown;

  constructor(readonly fn: FunctionCode) {
    const context = createContext({ require: runtimeRequire, console: { log: () => undefined } });
    new Script(`${fn.code}\n;globalThis.__handler = handler;`, { filename: `${fn.name}.js` }).runInContext(
      context,
      { timeout: TIMEOUT_MS },
    );
    this.handler = (context as { __handler: (event: FunctionEvent) => unknown }).__handler;
    if (typeof this.handler !== 'function') throw new Error(`CloudFront Function ${fn.name} has no handler`);
  }

  /** Returns the (possibly changed) request, or a response that ends the request at the edge. */
  async run(event: FunctionEvent): Promise<FunctionRequest | FunctionResponse> {
    // Round-trip through JSON: the function sees plain objects, never the edge's own.
    const copy = JSON.parse(JSON.stringify(event)) as FunctionEvent;
    const result = await this.handler(copy);
    if (!result || typeof result !== 'object')
      throw new Error(`CloudFront Function ${this.fn.name} returned no request or response`);
    return result as FunctionRequest | FunctionResponse;
  }
}

export function isFunctionResponse(value: FunctionRequest | FunctionResponse): value is FunctionResponse {
  return typeof (value as FunctionResponse).statusCode === 'number';
}

/** `?a=1&a=2&b` → `{ a: { value: '1', multiValue: [...] }, b: { value: '' } }` (values stay encoded). */
export function toFunctionQuery(rawQuery: string): FunctionValues {
  const out: FunctionValues = {};
  if (!rawQuery) return out;
  for (const part of rawQuery.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : part.slice(eq + 1);
    const existing = out[name];
    if (!existing) out[name] = { value };
    else {
      existing.multiValue ??= [{ value: existing.value }];
      existing.multiValue.push({ value });
    }
  }
  return out;
}

export function fromFunctionQuery(query: FunctionValues): string {
  const parts: string[] = [];
  for (const [name, v] of Object.entries(query)) {
    const values = v.multiValue?.length ? v.multiValue.map((m) => m.value) : [v.value];
    for (const value of values)
      parts.push(value === '' ? encodeURIComponent(name) : `${encodeURIComponent(name)}=${value}`);
  }
  return parts.join('&');
}
