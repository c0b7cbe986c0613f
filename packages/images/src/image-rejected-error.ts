/** Why an upload cannot be turned into thumbnails. Stable snake_case values, safe to log and to match on. */
export type ImageRejectionCode = 'empty' | 'too_large' | 'pixel_limit' | 'unsupported_format' | 'corrupt';

/**
 * The input is not something we will thumbnail. This is a verdict on the bytes, not a transient
 * failure: retrying the same object gives the same answer, so an event handler should log
 * `code`/`reason` and move on rather than fail the record (SPEC §5: no retry storm).
 */
export class ImageRejectedError extends Error {
  readonly code: ImageRejectionCode;
  /** A short human sentence, e.g. "50000×50000 px exceeds the 40000000 px limit". */
  readonly reason: string;

  constructor(code: ImageRejectionCode, reason: string, options?: { cause?: unknown }) {
    super(`image rejected (${code}): ${reason}`, options);
    this.name = new.target.name;
    this.code = code;
    this.reason = reason;
  }
}
