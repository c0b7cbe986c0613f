import { readEnv } from '@app/core';
import * as z from 'zod';

/** The users service's settings, read and validated once at cold start (the only place touching process.env). */
export const config = readEnv({
  STAGE: z.string().min(1),
  USERS_TABLE: z.string().min(1),
  IDEMPOTENCY_TABLE: z.string().min(1),
  APP_URL: z.url(),
  MAIL_FROM: z.string().min(3),
});
