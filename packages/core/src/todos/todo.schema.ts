import { TODO_NOTES_MAX_CHARS, TODO_TITLE_MAX_CHARS } from '../limits';
import { emptyAsAbsent, pageQueryFields, preprocess, someFieldGiven, textField } from '../text';
import * as z from '../zod';
import { TODO_STATUSES } from './todo';

export const titleSchema = textField('title', TODO_TITLE_MAX_CHARS, { required: true });

/** `null` clears the notes (stored as ''). */
export const notesSchema = z.pipe(
  z.nullable(textField('notes', TODO_NOTES_MAX_CHARS)),
  z.transform((v) => v ?? ''),
);

/** A real calendar date in ISO form (YYYY-MM-DD): 2024-02-30 is refused, leap days are checked. */
export const dueDateSchema = z.nullable(z.iso.date({ error: 'dueDate must be a real date as YYYY-MM-DD' }));

/** POST /todos body. Strict: an unknown field is a client bug, so it is refused, not ignored. */
export const createTodoSchema = z.strictObject({
  title: titleSchema,
  notes: z.optional(notesSchema),
  dueDate: z.optional(dueDateSchema),
});
export type CreateTodoInput = z.output<typeof createTodoSchema>;

/** PATCH /todos/{id} body: any of the fields, at least one. */
export const updateTodoSchema = z
  .strictObject({
    title: z.optional(titleSchema),
    notes: z.optional(notesSchema),
    done: z.optional(z.boolean()),
    dueDate: z.optional(dueDateSchema),
  })
  .check(someFieldGiven('give at least one of title, notes, done, dueDate'));
export type UpdateTodoInput = z.output<typeof updateTodoSchema>;

/**
 * GET /todos query. Unknown parameters are ignored (cache busters and tracking parameters are
 * common in query strings), unlike unknown body fields.
 */
export const listTodosQuerySchema = z.object({
  status: preprocess(
    emptyAsAbsent,
    z._default(z.enum(TODO_STATUSES, { error: 'status must be one of all, open, done' }), 'all'),
  ),
  ...pageQueryFields,
});
export type ListTodosQuery = z.output<typeof listTodosQuerySchema>;

/** DELETE /todos query: only `status=done` (clear completed) is a bulk delete we offer. */
export const clearTodosQuerySchema = z.object({
  status: z.literal('done', { error: 'status=done is required: only completed todos can be cleared' }),
});
