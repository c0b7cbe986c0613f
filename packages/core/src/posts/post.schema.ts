import { POST_BODY_MAX_CHARS, POST_COVER_ALT_MAX_CHARS, POST_TITLE_MAX_CHARS } from '../limits';
import { pageQueryFields, someFieldGiven, textField } from '../text';
import * as z from '../zod';
import { POST_STATUSES } from './post';
import { parseUploadKey, UPLOAD_KEY_MAX_CHARS } from './upload-key';

const title = textField('title', POST_TITLE_MAX_CHARS, { required: true });

const body = textField('body', POST_BODY_MAX_CHARS);

/** What the cover shows, for readers who cannot see it ('' = none given). */
const coverAlt = z.pipe(
  textField('coverAlt', POST_COVER_ALT_MAX_CHARS),
  z.transform((v) => v.trim()),
);

const status = z.enum(POST_STATUSES, { error: 'status must be "draft" or "published"' });

/**
 * An object uploaded to the media bucket: `uploads/{userId}/{name}`. Only the shape is checked
 * here; the post service also requires the caller's own `userId` (`isUploadOf`).
 */
export const uploadKeySchema = z.string().check(
  z.maxLength(UPLOAD_KEY_MAX_CHARS),
  z.refine((key) => parseUploadKey(key) !== undefined, {
    message: 'must be an upload key like uploads/{userId}/{name}',
  }),
);

export const createPostSchema = z.strictObject({
  title,
  body,
  status,
  coverImage: z.optional(z.nullable(uploadKeySchema)),
  coverAlt: z.optional(coverAlt),
});
export type CreatePostInput = z.output<typeof createPostSchema>;

export const updatePostSchema = z
  .strictObject({
    title: z.optional(title),
    body: z.optional(body),
    status: z.optional(status),
    coverImage: z.optional(z.nullable(uploadKeySchema)),
    coverAlt: z.optional(coverAlt),
  })
  .check(someFieldGiven('nothing to update: send at least one of title, body, status, coverImage, coverAlt'));
export type UpdatePostInput = z.output<typeof updatePostSchema>;

// `?cursor=` (empty) is a cursor that cannot be decoded here (400), as it always was for posts.
export const listQuerySchema = z.object({ limit: pageQueryFields.limit, cursor: z.optional(z.string()) });
export type ListQuery = z.output<typeof listQuerySchema>;

export const imageStatusQuerySchema = z.object({ key: uploadKeySchema });
