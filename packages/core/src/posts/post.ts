import { POST_BODY_MAX_CHARS, POST_TITLE_MAX_CHARS } from '../limits';

/** A post is a draft (visible to its author only) or published (visible to everyone). */
export const POST_STATUSES = ['draft', 'published'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

/**
 * The largest JSON request body a post write can need: every body character escaped as `\uXXXX`
 * (6 bytes) plus the title and some room for the other fields. Bigger requests get 413 before
 * parsing; anything between this and the char limits gets a 400 from the schema.
 */
export const POST_REQUEST_MAX_BYTES = (POST_BODY_MAX_CHARS + POST_TITLE_MAX_CHARS) * 6 + 8 * 1024;

/** What the posts table stores for one post (no derived fields). */
export interface PostRecord {
  id: string;
  slug: string;
  authorId: string;
  title: string;
  /** Markdown, stored raw: the web app renders it safely. */
  body: string;
  status: PostStatus;
  /** `uploads/{authorId}/{name}` in the media bucket, or null. */
  coverImage: string | null;
  /** The cover's alt text ('' when none was given; the cover is then decorative). */
  coverAlt: string;
  createdAt: string;
  updatedAt: string;
  /** Set the first time the post is published and never changed after. */
  publishedAt: string | null;
  version: number;
}

export type ThumbnailStatus = 'pending' | 'ready' | 'failed';

/**
 * The cover image's thumbnails: one media-bucket key per width (`w320`, `w1280`; null until
 * ready), the processing status and, when it failed, why. Keys, not URLs: the web app prefixes
 * its public media URL (CloudFront in AWS, the local S3 endpoint locally).
 */
export interface PostThumbnails {
  status: ThumbnailStatus;
  reason?: string;
  [suffix: `w${number}`]: string | null;
}

/** A post as the API returns it. */
export interface Post extends PostRecord {
  authorName: string;
  /** Null when the post has no cover image. */
  thumbnails: PostThumbnails | null;
}

export interface Page<T> {
  items: T[];
  /** Opaque; null at the end. */
  nextCursor: string | null;
}
