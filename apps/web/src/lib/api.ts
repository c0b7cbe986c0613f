import { SessionExpiredError } from './auth';

/** An API answer that was not 2xx, with the server's `{error:{code,message}}` when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  etag: string | null;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Sends `If-Match: "<version>"` (optimistic concurrency on PATCH). */
  ifMatch?: number | string;
  /** Whether to send the access token; a signed-out visitor still gets public answers. */
  auth?: 'required' | 'optional' | 'none';
  signal?: AbortSignal;
}

export type TokenSource = () => Promise<string | null>;

const FALLBACK_MESSAGES: Record<number, string> = {
  400: 'The request was not valid.',
  401: 'Your session has expired. Please sign in again.',
  403: 'You are not allowed to do that.',
  404: 'Not found.',
  409: 'Someone changed this in the meantime. Reload to see the latest version.',
  413: 'That is too large.',
  501: 'This part of the service is not available yet.',
};

export function createApi(baseUrl: string, token: TokenSource) {
  return async function api<T>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    const mode = options.auth ?? 'required';
    if (mode !== 'none') {
      const bearer = await token().catch((error: unknown) => {
        if (mode === 'required') throw error;
        return null;
      });
      if (bearer) headers.authorization = `Bearer ${bearer}`;
      else if (mode === 'required') throw new SessionExpiredError();
    }
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
        cache: 'no-store',
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError(0, 'network_error', 'Cannot reach the server. Check your connection and try again.');
    }
    const text = await response.text();
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    if (!response.ok) {
      const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)
        ?.error;
      const message =
        error?.message ??
        FALLBACK_MESSAGES[response.status] ??
        `The server could not do that (HTTP ${response.status}).`;
      throw new ApiError(response.status, error?.code ?? `http_${response.status}`, message, error?.details);
    }
    return { status: response.status, body: body as T, etag: response.headers.get('etag') };
  };
}

export type Api = ReturnType<typeof createApi>;

/** Words for any error a page can meet, never a stack trace. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Your session has expired. Please sign in again.';
    return error.message;
  }
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Please try again.';
}

export function isSessionProblem(error: unknown): boolean {
  return error instanceof SessionExpiredError || (error instanceof ApiError && error.status === 401);
}
