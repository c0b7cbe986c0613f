import type { HttpHandlerOptions, HttpRequest, HttpResponse } from '@smithy/types';
// biome-ignore lint/style/useNodejsImportProtocol: must be the same `events` module lib-storage imports (its instanceof check)
import { EventEmitter } from 'events';

/**
 * A minimal XMLHttpRequest request handler for the AWS SDK in the browser. fetch() cannot report
 * upload progress; @aws-sdk/lib-storage listens for `xhr.upload.progress` on an EventEmitter
 * handler, so this one gives a real progress bar for single-request uploads too.
 * `abortAll()` stops requests in flight (lib-storage's abort() does not reach a single PUT).
 */
export class XhrHttpHandler extends EventEmitter {
  private readonly inFlight = new Set<XMLHttpRequest>();

  abortAll(): void {
    for (const xhr of this.inFlight) xhr.abort();
    this.inFlight.clear();
  }

  destroy(): void {
    this.abortAll();
  }

  async handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
    const signal = options.abortSignal as AbortSignal | undefined;
    const body = await toSendable(
      request.method === 'GET' || request.method === 'HEAD' ? undefined : request.body,
    );
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      const abortError = () => Object.assign(new Error('Request aborted'), { name: 'AbortError' });
      if (signal?.aborted) return reject(abortError());
      signal?.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.open(request.method, requestUrl(request));
      for (const [name, value] of Object.entries(request.headers)) {
        if (!FORBIDDEN_HEADERS.has(name.toLowerCase())) xhr.setRequestHeader(name, value);
      }
      xhr.responseType = 'blob';
      xhr.upload.addEventListener('progress', (event) => this.emit('xhr.upload.progress', event, request));
      xhr.addEventListener('load', () => {
        this.inFlight.delete(xhr);
        resolve({
          response: {
            statusCode: xhr.status,
            reason: xhr.statusText,
            headers: parseHeaders(xhr.getAllResponseHeaders()),
            body: xhr.response,
          },
        });
      });
      xhr.addEventListener('error', () => {
        this.inFlight.delete(xhr);
        reject(
          Object.assign(new Error('Network error: the storage service could not be reached.'), {
            name: 'NetworkError',
          }),
        );
      });
      xhr.addEventListener('abort', () => {
        this.inFlight.delete(xhr);
        reject(abortError());
      });
      this.inFlight.add(xhr);
      xhr.send(body ?? null);
    });
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}

const FORBIDDEN_HEADERS = new Set([
  'host',
  'content-length',
  'expect',
  'connection',
  'user-agent',
  'accept-encoding',
]);

function requestUrl(request: HttpRequest): string {
  const query = Object.entries(request.query ?? {})
    .flatMap(([key, value]) => {
      if (value === null || value === undefined) return [encode(key)];
      const values = Array.isArray(value) ? value : [value];
      return values.map((v) => `${encode(key)}=${encode(v)}`);
    })
    .join('&');
  const port = request.port ? `:${request.port}` : '';
  return `${request.protocol}//${request.hostname}${port}${request.path}${query ? `?${query}` : ''}`;
}

// RFC 3986 encoding, as SigV4 signed it.
function encode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function parseHeaders(raw: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  return headers;
}

async function toSendable(body: unknown): Promise<XMLHttpRequestBodyInit | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Blob || body instanceof ArrayBuffer) return body;
  if (ArrayBuffer.isView(body)) return new Blob([body as Uint8Array<ArrayBuffer>]);
  if (body instanceof ReadableStream) return new Response(body).blob();
  throw new Error('Unsupported request body for the upload handler.');
}
