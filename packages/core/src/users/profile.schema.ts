import { charCount, DISPLAY_NAME_MAX_CHARS as DISPLAY_NAME_MAX } from '../limits';
import * as z from '../zod';

/** A display name as users may set it: trimmed, 1..80 characters, no control characters. */
export const displayNameSchema = z.string({ error: 'displayName must be a string' }).check(
  z.trim(),
  z.minLength(1, { error: 'displayName must not be empty' }),
  z.refine((v) => charCount(v) <= DISPLAY_NAME_MAX, {
    error: `displayName must be at most ${DISPLAY_NAME_MAX} characters`,
  }),
  z.refine((v) => !/\p{Cc}/u.test(v), { error: 'displayName must not contain control characters' }),
);

/** PATCH /me body: exactly `{displayName}`; unknown keys are rejected. */
export const updateProfileSchema = z.strictObject({ displayName: displayNameSchema });
