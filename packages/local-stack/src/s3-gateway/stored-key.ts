import type { QueryParam } from './sigv4';

/**
 * In S3 a key is a literal string: `private/A/../B/x` is an odd key inside A's prefix. s3rver stores
 * each key as a file path (`path.join(root, bucket, ...key.split('/'))`), so `.`/`..` segments and
 * empty segments would be resolved by the filesystem. The gateway therefore stores every key under an
 * encoding in which no segment is `.`, `..` or empty:
 *
 * - `%` → `%25` (so the encoding can be undone),
 * - a `.` at the start of a segment → `%2E` (no segment can be `.` or `..`),
 * - a `/` at the start of the key or after another `/` → `%2F` (no empty segment).
 *
 * Each character's encoding depends only on the character before it, so `encode(prefix)` is a prefix
 * of `encode(key)` whenever `prefix` is a prefix of `key`: ListObjects prefixes, markers and `/`
 * delimiters keep working on the encoded names. Keys without those characters (all the app writes)
 * are stored unchanged, so existing local data stays readable.
 */
export function encodeStoredKey(key: string): string {
  let out = '';
  let previous = '/';
  for (const ch of key) {
    if (ch === '%') out += '%25';
    else if (ch === '.' && previous === '/') out += '%2E';
    else if (ch === '/' && previous === '/') out += '%2F';
    else out += ch;
    previous = ch;
  }
  return out;
}

export function decodeStoredKey(stored: string): string {
  return stored.replace(/%(25|2E|2F)/g, (seq) => (seq === '%25' ? '%' : seq === '%2E' ? '.' : '/'));
}

/** The path-style path s3rver decodes (once, per segment) back to the encoded key. */
export function upstreamPath(bucket: string | undefined, key: string | undefined): string {
  if (bucket === undefined) return '/';
  const base = `/${encodeURIComponent(bucket)}`;
  if (key === undefined) return base;
  return `${base}/${encodeStoredKey(key).split('/').map(encodeURIComponent).join('/')}`;
}

/** `x-amz-copy-source` for s3rver, which `decodeURI`s it and splits at the first `/`. */
export function upstreamCopySource(bucket: string, key: string): string {
  return `${bucket}/${encodeURI(encodeStoredKey(key))}`;
}

/** Query parameters that carry keys (ListObjects, ListMultipartUploads) are encoded the same way. */
const KEY_PARAMS = new Set(['prefix', 'marker', 'start-after', 'key-marker']);

export function upstreamQuery(query: QueryParam[]): QueryParam[] {
  return query.map((p) => {
    if (!KEY_PARAMS.has(p.key) || p.rawValue === undefined) return p;
    const value = encodeStoredKey(p.value);
    return { ...p, value, rawValue: encodeURIComponent(value) };
  });
}

const KEY_ELEMENTS = /<(Key|Prefix|Marker|NextMarker|StartAfter|KeyMarker|NextKeyMarker)>([^<]*)<\/\1>/g;

/** Decodes the keys in an XML answer of s3rver (listings, multipart, DeleteObjects, errors). */
export function decodeKeysInXml(xml: string): string {
  return xml.replace(KEY_ELEMENTS, (_, element: string, text: string) => {
    return `<${element}>${decodeStoredKey(text)}</${element}>`;
  });
}
