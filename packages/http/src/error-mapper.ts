import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  ValidationError,
} from '@app/core';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * The one place where errors become HTTP statuses. Domain errors keep their code and message;
 * anything unexpected becomes a generic 500 whose cause is logged by the caller, never returned.
 */
export function mapError(error: unknown): { status: number; body: ErrorBody; expected: boolean } {
  if (error instanceof DomainError) {
    const status =
      error instanceof ValidationError
        ? 400
        : error instanceof UnauthorizedError
          ? 401
          : error instanceof ForbiddenError
            ? 403
            : error instanceof NotFoundError
              ? 404
              : error instanceof ConflictError
                ? 409
                : error instanceof PayloadTooLargeError
                  ? 413
                  : 400;
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details !== undefined) body.error.details = error.details;
    return { status, body, expected: true };
  }
  return {
    status: 500,
    body: {
      error: { code: 'internal_error', message: 'Something went wrong on our side. Please try again.' },
    },
    expected: false,
  };
}
