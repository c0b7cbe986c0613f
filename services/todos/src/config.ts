import { readEnv } from '@app/core';
import * as z from '@app/core/zod';

/** The todos service settings, read once at cold start (a missing one fails fast, by name). */
export const config = readEnv({
  TODOS_TABLE: z.string().check(z.minLength(1)),
});
