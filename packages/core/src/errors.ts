/**
 * Typed domain errors. Each has a stable snake_case `code`; the one HTTP mapper in `@app/http`
 * turns them into statuses with `instanceof`, so nothing switches on names or messages.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input failed validation (400). `details` lists the failing fields. */
export class ValidationError extends DomainError {
  readonly code: string;
  constructor(message: string, details?: unknown, code = 'validation_failed') {
    super(message, details);
    this.code = code;
  }
}

/** Missing, malformed, forged or expired credentials (401). */
export class UnauthorizedError extends DomainError {
  readonly code = 'unauthorized';
}

/** Authenticated, but not allowed to do this (403). */
export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
}

/** Not found, or not yours: never reveals that another user's item exists (404). */
export class NotFoundError extends DomainError {
  readonly code = 'not_found';
}

/** Optimistic concurrency: the caller's version is stale (409). */
export class ConflictError extends DomainError {
  readonly code: string;
  constructor(message: string, details?: unknown, code = 'version_conflict') {
    super(message, details);
    this.code = code;
  }
}

/** Request body over the limit (413). */
export class PayloadTooLargeError extends DomainError {
  readonly code = 'payload_too_large';
}
