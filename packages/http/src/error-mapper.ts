import { DomainError } from '@app/core';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const INTERNAL: ErrorBody = {
  error: { code: 'internal_error', message: 'Something went wrong on our side. Please try again.' },
};

/**
 * The one place where errors become HTTP responses: a domain error brings its own status, code
 * and (exposed) message; anything unexpected becomes a generic 500 whose cause is logged by the
 * caller, never returned.
 */
export function mapError(error: unknown): { status: number; body: ErrorBody; expected: boolean } {
  if (!(error instanceof DomainError) || !error.expose)
    return { status: 500, body: INTERNAL, expected: false };
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.details !== undefined) body.error.details = error.details;
  return { status: error.status, body, expected: true };
}
