/**
 * Typed domain errors. Each class carries its HTTP `status` and a stable snake_case `code`; the
 * one mapper in `@app/http` reads them, so nothing switches on class names or messages. Their
 * message and `details` are meant for the caller (`expose`); any other error is a generic 500.
 */
export interface DomainErrorOptions {
  /** Overrides the class's default `code` (e.g. `invalid_cursor` for a ValidationError). */
  code?: string;
  /** Shown to the caller as `error.details` (e.g. the failing fields). */
  details?: unknown;
  cause?: unknown;
}

export abstract class DomainError extends Error {
  /** The HTTP status this error maps to. */
  abstract readonly status: number;
  /** Default code of the class; `options.code` overrides it per instance. */
  protected abstract readonly defaultCode: string;
  /** Message and details are safe to return to the caller. */
  readonly expose = true;
  readonly details?: unknown;
  readonly #code?: string;

  constructor(message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = options.details;
    this.#code = options.code;
  }

  get code(): string {
    return this.#code ?? this.defaultCode;
  }
}

/** Input failed validation (400). `details` lists the failing fields. */
export class ValidationError extends DomainError {
  readonly status = 400;
  protected readonly defaultCode = 'validation_failed';
}

/** Missing, malformed, forged or expired credentials (401). */
export class UnauthorizedError extends DomainError {
  readonly status = 401;
  protected readonly defaultCode = 'unauthorized';
}

/** Authenticated, but not allowed to do this (403). */
export class ForbiddenError extends DomainError {
  readonly status = 403;
  protected readonly defaultCode = 'forbidden';
}

/** Not found, or not yours: never reveals that another user's item exists (404). */
export class NotFoundError extends DomainError {
  readonly status = 404;
  protected readonly defaultCode = 'not_found';
}

/** Optimistic concurrency: the caller's version is stale (409). */
export class ConflictError extends DomainError {
  readonly status = 409;
  protected readonly defaultCode = 'version_conflict';
}

/** Request body over the limit (413). */
export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  protected readonly defaultCode = 'payload_too_large';
}
