/**
 * The S3 key layout (SPEC §5, cross-team decision 1): every per-user prefix is keyed by the
 * user-pool `sub` — the API's `userId` — which the identity pool passes to IAM as the principal tag
 * `userId`. The authenticated role's policy scopes `private/`, `uploads/` by
 * `${aws:PrincipalTag/userId}`, so a key names its owner and the API can check it from the token alone.
 *
 * One rule, imported by the web app, the Lambdas and the tests.
 */

export const PRIVATE_PREFIX = 'private/';
export const UPLOADS_PREFIX = 'uploads/';
export const THUMBNAILS_PREFIX = 'thumbnails/';

/** S3's own limit on key length (UTF-8 bytes; counted in UTF-16 units here, which is never more). */
export const S3_KEY_MAX_CHARS = 1024;

/** A Cognito `sub` (a UUID in AWS and in the local pool); anything that could bend a prefix is refused. */
const USER_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** The key or user id does not follow the layout above; nothing should be read or written for it. */
export class InvalidObjectKeyError extends Error {
  readonly code = 'invalid_object_key';

  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`invalid object key ${JSON.stringify(key)}: ${reason}`);
    this.name = new.target.name;
  }
}

export function isUserId(value: string): boolean {
  return USER_ID.test(value);
}

function userPrefix(prefix: string, userId: string): string {
  if (!isUserId(userId)) throw new InvalidObjectKeyError(`${prefix}${userId}/`, 'not a user id');
  return `${prefix}${userId}/`;
}

/** `private/{userId}/`: the user's folder in the files bucket. */
export const privateFilesPrefix = (userId: string): string => userPrefix(PRIVATE_PREFIX, userId);
/** `uploads/{userId}/`: the user's original images in the media bucket. */
export const uploadsPrefix = (userId: string): string => userPrefix(UPLOADS_PREFIX, userId);
/** `thumbnails/{userId}/`: the thumbnails of the user's uploads (written by the thumbnail Lambda only). */
export const thumbnailsPrefix = (userId: string): string => userPrefix(THUMBNAILS_PREFIX, userId);

/** `private/{userId}/{name}`; `name` may contain `/` (folders) but no empty, `.` or `..` segment. */
export function privateFileKey(userId: string, name: string): string {
  return checked(`${privateFilesPrefix(userId)}${name}`, name);
}

/** `uploads/{userId}/{name}`; `name` may contain `/` but no empty, `.` or `..` segment. */
export function uploadKey(userId: string, name: string): string {
  return checked(`${uploadsPrefix(userId)}${name}`, name);
}

export interface ParsedUploadKey {
  key: string;
  /** The owner: the user-pool `sub` in the second segment. */
  userId: string;
  /** Everything after `uploads/{userId}/` (may hold `/`). */
  name: string;
}

/**
 * Parses `uploads/{userId}/{name}`. Returns undefined for anything else: other prefixes, a second
 * segment that is no user id, empty, `.` or `..` segments, control characters, over 1024 characters.
 */
export function parseUploadKey(key: string): ParsedUploadKey | undefined {
  return problemOf(key) === undefined ? split(key) : undefined;
}

/** Why `key` is not an upload key (undefined when it is one). */
export function uploadKeyProblem(key: string): string | undefined {
  return problemOf(key);
}

/** Whether `key` is an upload in `userId`'s own prefix — the only images a user may reference. */
export function isUploadOf(userId: string, key: string): boolean {
  return parseUploadKey(key)?.userId === userId;
}

function split(key: string): ParsedUploadKey {
  const rest = key.slice(UPLOADS_PREFIX.length);
  const slash = rest.indexOf('/');
  return { key, userId: rest.slice(0, slash), name: rest.slice(slash + 1) };
}

function problemOf(key: string): string | undefined {
  if (!key.startsWith(UPLOADS_PREFIX)) return `not under ${UPLOADS_PREFIX}`;
  const segments = key.slice(UPLOADS_PREFIX.length).split('/');
  if (segments.length < 2) return 'expected uploads/{userId}/{name}';
  return segmentProblem(key, segments) ?? (isUserId(segments[0] as string) ? undefined : 'not a user id');
}

function segmentProblem(key: string, segments: readonly string[]): string | undefined {
  if (key.length > S3_KEY_MAX_CHARS) return `longer than ${S3_KEY_MAX_CHARS} characters`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(key)) return 'control character';
  for (const segment of segments) {
    if (segment === '') return 'empty path segment';
    if (segment === '.' || segment === '..') return `"${segment}" path segment`;
  }
  return undefined;
}

function checked(key: string, name: string): string {
  const problem = segmentProblem(key, name.split('/'));
  if (problem) throw new InvalidObjectKeyError(key, problem);
  return key;
}
