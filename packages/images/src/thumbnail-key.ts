import { thumbnailSpec } from './thumbnail-spec';

const UPLOADS_PREFIX = 'uploads/';
const THUMBNAILS_PREFIX = 'thumbnails/';

/** The object key is not `uploads/{identityId}/{name}`; nothing should be written for it. */
export class InvalidUploadKeyError extends Error {
  readonly code = 'invalid_upload_key';

  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`invalid upload key ${JSON.stringify(key)}: ${reason}`);
    this.name = new.target.name;
  }
}

/**
 * Where the thumbnail of `uploadKey` at `width` lives (SPEC §5):
 * `uploads/{identityId}/{dirs/}{stem}.{ext}` → `thumbnails/{identityId}/{dirs/}{stem}-w{width}.webp`.
 *
 * Only the last extension is dropped (`a.b.c.jpg` → `a.b.c`); a name without one (or a dotfile)
 * keeps its whole name. The key depends only on the requested width, never on the image, so a
 * re-run overwrites the same objects. Expects the decoded key (S3 events URL-encode it).
 *
 * Throws `InvalidUploadKeyError` for keys outside `uploads/`, without an identity id or a name,
 * or with empty, `.` or `..` segments; `RangeError` for a bad width.
 */
export function thumbnailKey(uploadKey: string, width: number): string {
  const { suffix } = thumbnailSpec(width);
  if (!uploadKey.startsWith(UPLOADS_PREFIX)) {
    throw new InvalidUploadKeyError(uploadKey, `not under ${UPLOADS_PREFIX}`);
  }
  const segments = uploadKey.slice(UPLOADS_PREFIX.length).split('/');
  if (segments.length < 2) {
    throw new InvalidUploadKeyError(uploadKey, 'expected uploads/{identityId}/{name}');
  }
  for (const segment of segments) {
    if (segment === '') throw new InvalidUploadKeyError(uploadKey, 'empty path segment');
    if (segment === '.' || segment === '..') {
      throw new InvalidUploadKeyError(uploadKey, `"${segment}" path segment`);
    }
  }
  const fileName = segments.pop() as string;
  const dot = fileName.lastIndexOf('.');
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
  return `${THUMBNAILS_PREFIX}${[...segments, stem].join('/')}-${suffix}.webp`;
}
