import { booleanFlag, readEnv } from '@app/core';
import * as z from '@app/core/zod';

/** The posts service's settings, read once at cold start (fails fast on a missing one). */
export const config = readEnv({
  POSTS_TABLE: z.string().check(z.minLength(1)),
  USERS_TABLE: z.string().check(z.minLength(1)),
  MEDIA_BUCKET: z.string().check(z.minLength(1)),
  S3_FORCE_PATH_STYLE: booleanFlag,
  // Set (to the DAX cluster discovery endpoint) on listPosts and getPost when DAX is deployed.
  POSTS_DAX_ENDPOINT: z.optional(z.string()),
  // Set on invalidatePostCache only: the CloudFront distribution in front of the public reads.
  DISTRIBUTION_ID: z.optional(z.string()),
});
