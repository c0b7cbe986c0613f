import * as z from 'zod';
import { BODY_MAX_CHARS, POST_STATUSES, TITLE_MAX_CHARS } from './post';
import { parseUploadKey, UPLOAD_KEY_MAX_CHARS } from './upload-key';

const title = z
  .string()
  .trim()
  .min(1, 'title must not be empty')
  .max(TITLE_MAX_CHARS, `title must be at most ${TITLE_MAX_CHARS} characters`);

const body = z.string().max(BODY_MAX_CHARS, `body must be at most ${BODY_MAX_CHARS} characters`);

const status = z.enum(POST_STATUSES, { error: 'status must be "draft" or "published"' });

/**
 * An object the author uploaded to the media bucket: `uploads/{identityId}/{name}`. Only the
 * shape is checked here; the post service also makes sure one identity id is used by one author.
 */
export const uploadKeySchema = z
  .string()
  .max(UPLOAD_KEY_MAX_CHARS)
  .refine((key) => parseUploadKey(key) !== undefined, {
    message: 'must be an upload key like uploads/{identityId}/{name}',
  });

export const createPostSchema = z.strictObject({
  title,
  body,
  status,
  coverImage: uploadKeySchema.nullable().optional(),
});
export type CreatePostInput = z.output<typeof createPostSchema>;

export const updatePostSchema = z
  .strictObject({
    title: title.optional(),
    body: body.optional(),
    status: status.optional(),
    coverImage: uploadKeySchema.nullable().optional(),
  })
  .refine((patch) => Object.values(patch).some((v) => v !== undefined), {
    message: 'nothing to update: send at least one of title, body, status, coverImage',
  });
export type UpdatePostInput = z.output<typeof updatePostSchema>;

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export const listQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'limit must be a whole number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(MAX_PAGE_SIZE, `limit must be at most ${MAX_PAGE_SIZE}`)
    .default(DEFAULT_PAGE_SIZE),
  cursor: z.string().optional(),
});
export type ListQuery = z.output<typeof listQuerySchema>;

export const imageStatusQuerySchema = z.object({ key: uploadKeySchema });
