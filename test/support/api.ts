import type { StackInfo } from '@app/local-stack';
import { expect } from 'vitest';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A small HTTP client for the local API: JSON in and out, optional bearer token. */
export function apiClient(stack: StackInfo, token?: string) {
  return async function request<T = Record<string, unknown>>(
    method: string,
    path: string,
    opts: { body?: unknown; rawBody?: string; headers?: Record<string, string>; token?: string | null } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    const bearer = opts.token === null ? undefined : (opts.token ?? token);
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    let body: string | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${stack.apiUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  };
}

/**
 * API Gateway's own answer when a route's JWT authorizer refuses the request: 401
 * `{"message":"Unauthorized"}` and a `www-authenticate` header with the reason (the function never
 * runs, so this is not the API's error shape; HTTP APIs cannot change it).
 */
export function expectAuthorizerRefusal(res: ApiResponse<unknown>, reason: RegExp = /^Bearer/): void {
  expect(res.status, res.text.slice(0, 200)).toBe(401);
  expect(res.body).toEqual({ message: 'Unauthorized' });
  expect(res.headers.get('www-authenticate')).toMatch(reason);
}
