import { charCount, PAGE_SIZE_MAX } from './limits';
import * as z from './zod';

/**
 * A text field of at most `max` characters, counted as the web form counts them (`charCount`).
 * `required`: trimmed and non-empty (titles, names); otherwise kept as typed (notes, bodies).
 */
export function textField(field: string, max: number, { required = false } = {}) {
  const tooLong = `${field} must be at most ${max} characters`;
  if (!required) return z.string().check(z.refine((v) => charCount(v) <= max, tooLong));
  return z.string().check(
    z.trim(),
    z.refine((v) => v.length > 0, `${field} must not be empty`),
    z.refine((v) => charCount(v) <= max, tooLong),
  );
}

/** Classic zod's `z.preprocess` (which zod/mini leaves out): `fn` runs on the raw input, then `schema`. */
export function preprocess<S extends z.ZodMiniType>(fn: (value: unknown) => unknown, schema: S) {
  return z.pipe(z.transform(fn), schema);
}

// Query-string values arrive as strings; an empty one (`?cursor=`) means "not given".
const emptyAsAbsent = (v: unknown) => (v === '' ? undefined : v);
const limitMessage = `limit must be a whole number from 1 to ${PAGE_SIZE_MAX}`;

/** The `limit` (absent: the caller uses PAGE_SIZE_DEFAULT) and `cursor` of every list route. */
export const pageQueryFields = {
  limit: preprocess(
    emptyAsAbsent,
    z.optional(
      z.pipe(
        z.pipe(z.string().check(z.regex(/^\d{1,3}$/, limitMessage)), z.transform(Number)),
        z.number().check(z.gte(1, limitMessage), z.lte(PAGE_SIZE_MAX, limitMessage)),
      ),
    ),
  ),
  cursor: preprocess(emptyAsAbsent, z.optional(z.string())),
};

export { emptyAsAbsent };

/** A PATCH body's rule: at least one of its fields is given (`message` names them). */
export function someFieldGiven(message: string) {
  return z.refine<Record<string, unknown>>((patch) => Object.values(patch).some((v) => v !== undefined), {
    message,
  });
}
