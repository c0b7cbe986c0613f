import { createHash } from 'node:crypto';

/** A strong ETag for a serialized response body. */
export function etagOf(serialized: string): string {
  return `"${createHash('sha256').update(serialized).digest('base64url').slice(0, 27)}"`;
}

/** True when an `If-None-Match` header matches the ETag (weak comparison, `*` and lists allowed). */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === bare);
}
