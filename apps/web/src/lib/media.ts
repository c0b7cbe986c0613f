import type { Post } from '@app/core/posts';
import { InvalidObjectKeyError, isUserId, THUMBNAILS_PREFIX } from '@app/images/s3-keys';
import { thumbnailKey } from '@app/images/thumbnail-key';
import { MAX_THUMBNAIL_SIDE } from '@app/images/thumbnail-spec';
import type { WebConfig } from './config';

/** Where the thumbnail Lambda writes the thumbnail of an upload (the one rule, `@app/images`); null for a non-upload key. */
export function thumbnailKeyFor(uploadKey: string, width: number): string | null {
  try {
    return thumbnailKey(uploadKey, width);
  } catch (error) {
    if (error instanceof InvalidObjectKeyError) return null;
    throw error;
  }
}

export function publicMediaUrl(config: WebConfig, key: string): string {
  if (/^https?:\/\//.test(key)) return key;
  return `${config.mediaPublicUrl}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/** A post's thumbnail URL at `width`: the key the API reports when it has made one, else derived from the cover key. */
export function postThumbnailUrl(
  config: WebConfig,
  post: Pick<Post, 'coverImage' | 'thumbnails'>,
  width = 320,
): string | null {
  if (post.thumbnails?.status === 'failed') return null;
  const fromApi = post.thumbnails?.[`w${width}`];
  if (fromApi) return publicMediaUrl(config, fromApi);
  if (!post.coverImage) return null;
  const key = thumbnailKeyFor(post.coverImage, width);
  return key ? publicMediaUrl(config, key) : null;
}

/** One markdown line as plain text: no block markers, no inline marks, links as their words. */
function plainLine(line: string): string {
  return line
    .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, '')
    .replace(/(\*\*|__|~~|`)/g, '')
    .replace(/(^|[^\w])[*_](?=\S)([^*_]*\S)[*_](?!\w)/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Plain-text teaser of a markdown body, without a markdown library (the blog index stays light):
 * headings, list items and paragraphs become sentences ("What I planted. Tomatoes. Basil."),
 * inline marks go, links keep their words, code blocks, images and raw HTML blocks are skipped.
 */
export function excerpt(markdown: string, max = 180): string {
  const text = markdown
    .replace(/```[\s\S]*?```/g, '\n')
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '\n')
    .split('\n')
    .map(plainLine)
    .filter((line) => line.length > 0 && !/^[-*_=\s|:]+$/.test(line))
    .map((line) => (/[.!?:;,…]$/.test(line) ? line : `${line}.`))
    .join(' ');
  return text.length > max ? `${text.slice(0, max).replace(/\s+\S*$/, '')}…` : text;
}

/**
 * Whether `src` is a thumbnail this site serves (`<mediaPublicUrl>/thumbnails/{userId}/…`, the
 * `@app/images` layout): the only images a post body may show. Compared after URL parsing, so
 * `..` segments or another origin cannot pass as one.
 */
export function isBodyImageUrl(mediaPublicUrl: string, src: string): boolean {
  let url: URL;
  let base: URL;
  try {
    base = new URL(`${mediaPublicUrl}/`);
    url = new URL(src); // absolute only: a relative src would resolve against the page, not the media origin
  } catch {
    return false;
  }
  if (url.origin !== base.origin || url.search || url.hash) return false;
  const path = url.pathname.slice(base.pathname.length);
  if (!url.pathname.startsWith(base.pathname) || !path.startsWith(THUMBNAILS_PREFIX)) return false;
  const [userId, ...name] = path.slice(THUMBNAILS_PREFIX.length).split('/');
  return isUserId(decodeURIComponent(userId ?? '')) && name.length > 0 && name.every((s) => s !== '');
}

export interface ImageSize {
  width: number;
  height: number;
}

/** `#{width}x{height}` at the end of a body image's URL: the thumbnail's size, nothing else. */
const SIZE_FRAGMENT = /#([1-9]\d{0,4})x([1-9]\d{0,4})$/;

/**
 * A body image's URL as the editor inserts it: the thumbnail's URL with its size in the fragment
 * (`…-w1280.webp#900x600`), so the post can reserve the image's box before it loads (no layout
 * shift). Markdown has no other place for a size; a fragment never reaches the server.
 */
export function withImageSize(url: string, size: ImageSize): string {
  return `${url}#${size.width}x${size.height}`;
}

/**
 * Splits a body image's `src` into the URL and the size written by `withImageSize`: only that exact
 * fragment, with sides a thumbnail can have, is taken off (anything else stays and is judged by
 * `isBodyImageUrl`, which refuses fragments).
 */
export function splitImageSize(src: string): { url: string; size: ImageSize | null } {
  const match = SIZE_FRAGMENT.exec(src);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (!match || width > MAX_THUMBNAIL_SIDE || height > MAX_THUMBNAIL_SIDE) return { url: src, size: null };
  return { url: src.slice(0, match.index), size: { width, height } };
}
