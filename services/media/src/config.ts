import { booleanFlag, readEnv } from '@app/core';
import * as z from '@app/core/zod';

/** The media service's settings, read once at cold start (fails fast on a missing one). */
export const config = readEnv({
  POSTS_TABLE: z.string().check(z.minLength(1)),
  MEDIA_BUCKET: z.string().check(z.minLength(1)),
  S3_FORCE_PATH_STYLE: booleanFlag,
});
