import { booleanFlag, readEnv } from '@app/core';
import * as z from '@app/core/zod';

/** The users service's settings, read and validated once at cold start (the only place touching process.env). */
export const config = readEnv({
  STAGE: z.string().check(z.minLength(1)),
  USERS_TABLE: z.string().check(z.minLength(1)),
  IDEMPOTENCY_TABLE: z.string().check(z.minLength(1)),
  APP_URL: z.url(),
  MAIL_FROM: z.string().check(z.minLength(3)),
  // Account deletion (DELETE /me) reaches every table and bucket holding a user's data.
  TODOS_TABLE: z.string().check(z.minLength(1)),
  POSTS_TABLE: z.string().check(z.minLength(1)),
  FILES_BUCKET: z.string().check(z.minLength(1)),
  MEDIA_BUCKET: z.string().check(z.minLength(1)),
  S3_FORCE_PATH_STYLE: booleanFlag,
});
