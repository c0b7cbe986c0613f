import * as z from 'zod';
import { LIST_LIMIT_MAX, NOTES_MAX_CHARS, TITLE_MAX_CHARS, TODO_STATUSES } from './todo';

/** Length in user-perceived units (code points), so an emoji counts once, not twice. */
const charCount = (value: string) => [...value].length;

export const titleSchema = z
  .string()
  .trim()
  .refine((v) => v.length > 0, 'title must not be empty')
  .refine((v) => charCount(v) <= TITLE_MAX_CHARS, `title must be at most ${TITLE_MAX_CHARS} characters`);

/** `null` clears the notes (stored as ''). */
export const notesSchema = z
  .string()
  .refine((v) => charCount(v) <= NOTES_MAX_CHARS, `notes must be at most ${NOTES_MAX_CHARS} characters`)
  .nullable()
  .transform((v) => v ?? '');

/** A real calendar date in ISO form (YYYY-MM-DD): 2024-02-30 is refused, leap days are checked. */
export const dueDateSchema = z.iso.date({ error: 'dueDate must be a real date as YYYY-MM-DD' }).nullable();

/** POST /todos body. Strict: an unknown field is a client bug, so it is refused, not ignored. */
export const createTodoSchema = z.strictObject({
  title: titleSchema,
  notes: notesSchema.optional(),
  dueDate: dueDateSchema.optional(),
});
export type CreateTodoInput = z.output<typeof createTodoSchema>;

/** PATCH /todos/{id} body: any of the fields, at least one. */
export const updateTodoSchema = z
  .strictObject({
    title: titleSchema.optional(),
    notes: notesSchema.optional(),
    done: z.boolean().optional(),
    dueDate: dueDateSchema.optional(),
  })
  .refine((v) => Object.values(v).some((field) => field !== undefined), {
    message: 'give at least one of title, notes, done, dueDate',
  });
export type UpdateTodoInput = z.output<typeof updateTodoSchema>;

// Query-string values arrive as strings; an empty one (`?cursor=`) means "not given".
const emptyAsAbsent = (v: unknown) => (v === '' ? undefined : v);

const limitSchema = z
  .string()
  .regex(/^\d{1,3}$/, `limit must be a whole number from 1 to ${LIST_LIMIT_MAX}`)
  .transform(Number)
  .pipe(
    z
      .number()
      .min(1, `limit must be a whole number from 1 to ${LIST_LIMIT_MAX}`)
      .max(LIST_LIMIT_MAX, `limit must be a whole number from 1 to ${LIST_LIMIT_MAX}`),
  );

/**
 * GET /todos query. Unknown parameters are ignored (cache busters and tracking parameters are
 * common in query strings), unlike unknown body fields.
 */
export const listTodosQuerySchema = z.object({
  status: z.preprocess(
    emptyAsAbsent,
    z.enum(TODO_STATUSES, { error: 'status must be one of all, open, done' }).default('all'),
  ),
  limit: z.preprocess(emptyAsAbsent, limitSchema.optional()),
  cursor: z.preprocess(emptyAsAbsent, z.string().optional()),
});
export type ListTodosQuery = z.output<typeof listTodosQuerySchema>;

/** DELETE /todos query: only `status=done` (clear completed) is a bulk delete we offer. */
export const clearTodosQuerySchema = z.object({
  status: z.literal('done', { error: 'status=done is required: only completed todos can be cleared' }),
});
