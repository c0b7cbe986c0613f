import * as z from 'zod';
import { charCount, PAGE_SIZE_MAX } from './limits';

/**
 * A text field of at most `max` characters, counted as the web form counts them (`charCount`).
 * `required`: trimmed and non-empty (titles, names); otherwise kept as typed (notes, bodies).
 */
export function textField(field: string, max: number, { required = false } = {}) {
  const tooLong = `${field} must be at most ${max} characters`;
  if (!required) return z.string().refine((v) => charCount(v) <= max, tooLong);
  return z
    .string()
    .trim()
    .refine((v) => v.length > 0, `${field} must not be empty`)
    .refine((v) => charCount(v) <= max, tooLong);
}

// Query-string values arrive as strings; an empty one (`?cursor=`) means "not given".
const emptyAsAbsent = (v: unknown) => (v === '' ? undefined : v);
const limitMessage = `limit must be a whole number from 1 to ${PAGE_SIZE_MAX}`;

/** The `limit` (absent: the caller uses PAGE_SIZE_DEFAULT) and `cursor` of every list route. */
export const pageQueryFields = {
  limit: z.preprocess(
    emptyAsAbsent,
    z
      .string()
      .regex(/^\d{1,3}$/, limitMessage)
      .transform(Number)
      .pipe(z.number().min(1, limitMessage).max(PAGE_SIZE_MAX, limitMessage))
      .optional(),
  ),
  cursor: z.preprocess(emptyAsAbsent, z.string().optional()),
};

export { emptyAsAbsent };
