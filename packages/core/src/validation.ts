import { ValidationError } from './errors';
import type * as z from './zod';
import { englishMessages } from './zod';

/** Parses `input` with `schema`, or throws a ValidationError listing every failing field. */
export function parseInput<S extends z.ZodMiniType>(
  schema: S,
  input: unknown,
  what = 'request',
): z.output<S> {
  const result = schema.safeParse(input, englishMessages);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
  const first = details[0];
  const message = first
    ? `Invalid ${what}: ${first.path ? `${first.path}: ` : ''}${first.message}`
    : `Invalid ${what}`;
  throw new ValidationError(message, { details });
}
