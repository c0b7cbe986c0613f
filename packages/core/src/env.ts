import * as z from './zod';

/**
 * Reads and validates environment variables once (at cold start). A service's `config.ts` is the
 * only place that calls this, so a missing setting fails fast with its name, not later with `undefined`.
 */
export function readEnv<S extends z.core.$ZodShape>(
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
): z.output<z.ZodMiniObject<S>> {
  const result = z.object(shape).safeParse(env, z.englishMessages);
  if (!result.success) {
    const names = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${names}`);
  }
  return result.data;
}

/** An optional endpoint override: empty string means "the AWS default". */
export const optionalUrl = z.pipe(
  z.optional(z.string()),
  z.transform((v) => (v ? v : undefined)),
);

export const booleanFlag = z.pipe(
  z.optional(z.string()),
  z.transform((v) => v === 'true' || v === '1'),
);
