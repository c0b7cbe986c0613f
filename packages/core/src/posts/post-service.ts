import { monotonicFactory } from 'ulid';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { parseInput } from '../validation';
import { type AuthorDirectory, UNKNOWN_AUTHOR_NAME } from './author-directory';
import { decodeCursor, encodeCursor } from './cursor';
import { thumbnailsOf } from './image-status';
import type { ImageStatusRecord, MediaRepository } from './media-repository';
import type { Page, Post, PostRecord } from './post';
import { createPostSchema, listQuerySchema, updatePostSchema } from './post.schema';
import {
  type IdentityClaim,
  IdentityClaimedError,
  PostChangedError,
  type PostListPage,
  type PostRepository,
  SlugTakenError,
} from './post-repository';
import { isSlug, slugCandidates, slugify } from './slug';
import { parseUploadKey, thumbnailKeysOf } from './upload-key';

/** Deletes objects from the media bucket (missing keys are fine). */
export interface MediaFileStore {
  deleteObjects(keys: readonly string[]): Promise<void>;
}

export interface PostServiceDeps {
  posts: PostRepository;
  media: MediaRepository;
  authors: AuthorDirectory;
  files: MediaFileStore;
  now?: () => Date;
  newId?: () => string;
}

/** Who may see a post as served: everyone (cacheable) or only its author (private). */
export type Audience = 'public' | 'author';

const POST_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * The posts use cases. Every input is validated here (zod), so any caller gets the same checks;
 * permissions follow SPEC §4: drafts exist only for their author (404 to anyone else), a
 * published post is visible to all but writable by its author only (403).
 */
export function createPostService(deps: PostServiceDeps) {
  const now = () => (deps.now?.() ?? new Date()).toISOString();
  const newId = deps.newId ?? monotonicFactory();

  async function toViews(records: PostRecord[]): Promise<Post[]> {
    if (records.length === 0) return [];
    const covers = records.flatMap((r) => (r.coverImage ? [r.coverImage] : []));
    const [names, statuses] = await Promise.all([
      deps.authors.displayNames(records.map((r) => r.authorId)),
      covers.length > 0 ? deps.media.getStatuses(covers) : new Map<string, ImageStatusRecord>(),
    ]);
    return records.map((record) => ({
      ...record,
      authorName: names.get(record.authorId) ?? UNKNOWN_AUTHOR_NAME,
      thumbnails: record.coverImage ? thumbnailsOf(statuses.get(record.coverImage)) : null,
    }));
  }

  async function toView(record: PostRecord): Promise<Post> {
    const [view] = await toViews([record]);
    return view as Post;
  }

  async function page(list: string, result: PostListPage): Promise<Page<Post>> {
    return {
      items: await toViews(result.items),
      nextCursor: result.last ? encodeCursor(list, result.last) : null,
    };
  }

  /** Loads a post the caller wants to change: 404 if absent or a draft of someone else, 403 if published by someone else. */
  async function loadOwn(userId: string, id: string | undefined): Promise<PostRecord> {
    const post = id && POST_ID.test(id) ? await deps.posts.get(id) : undefined;
    if (!post || (post.authorId !== userId && post.status !== 'published'))
      throw new NotFoundError('Post not found');
    if (post.authorId !== userId) throw new ForbiddenError('Only the author can change this post');
    return post;
  }

  /** An identity id is claimed by the first author whose post uses one of its uploads. */
  async function claimFor(
    userId: string,
    coverImage: string | null | undefined,
  ): Promise<IdentityClaim | undefined> {
    if (!coverImage) return undefined;
    const { identityId } = parseUploadKey(coverImage) ?? {};
    if (!identityId) return undefined;
    const owner = await deps.media.getIdentityOwner(identityId);
    if (owner !== undefined && owner !== userId) throw coverNotYours();
    return { identityId, userId };
  }

  return {
    async create(authorId: string, input: unknown): Promise<Post> {
      const data = parseInput(createPostSchema, input);
      const at = now();
      const claim = await claimFor(authorId, data.coverImage);
      const record: PostRecord = {
        id: newId(),
        slug: '',
        authorId,
        title: data.title,
        body: data.body,
        status: data.status,
        coverImage: data.coverImage ?? null,
        createdAt: at,
        updatedAt: at,
        publishedAt: data.status === 'published' ? at : null,
        version: 1,
      };
      for (const slug of slugCandidates(slugify(data.title))) {
        try {
          await deps.posts.create({ ...record, slug }, claim);
          return toView({ ...record, slug });
        } catch (error) {
          if (error instanceof SlugTakenError) continue;
          if (error instanceof IdentityClaimedError) throw coverNotYours();
          throw error;
        }
      }
      throw new ConflictError(
        'Could not find a free address for this title: try another title',
        undefined,
        'slug_conflict',
      );
    },

    /** A post by slug, for `viewerId` (undefined when anonymous). */
    async getBySlug(
      slug: string | undefined,
      viewerId: string | undefined,
    ): Promise<{ post: Post; audience: Audience }> {
      const id = slug && isSlug(slug) ? await deps.posts.getIdBySlug(slug) : undefined;
      const post = id ? await deps.posts.get(id) : undefined;
      if (post?.status === 'published') return { post: await toView(post), audience: 'public' };
      if (post && viewerId !== undefined && post.authorId === viewerId) {
        return { post: await toView(post), audience: 'author' };
      }
      throw new NotFoundError('Post not found');
    },

    async listPublished(query: unknown): Promise<Page<Post>> {
      const { limit, cursor } = parseInput(listQuerySchema, query, 'query');
      const after = cursor === undefined ? undefined : decodeCursor('published', cursor);
      return page('published', await deps.posts.listPublished(limit, after));
    },

    async listByAuthor(authorId: string, query: unknown): Promise<Page<Post>> {
      const { limit, cursor } = parseInput(listQuerySchema, query, 'query');
      const after = cursor === undefined ? undefined : decodeCursor('author', cursor);
      return page('author', await deps.posts.listByAuthor(authorId, limit, after));
    },

    async update(
      userId: string,
      id: string | undefined,
      ifMatch: string | undefined,
      input: unknown,
    ): Promise<Post> {
      const expectedVersion = parseIfMatch(ifMatch);
      const patch = parseInput(updatePostSchema, input);
      const post = await loadOwn(userId, id);
      if (post.version !== expectedVersion) throw staleVersion(post.version);
      const at = now();
      const next: PostRecord = {
        ...post,
        title: patch.title ?? post.title,
        body: patch.body ?? post.body,
        status: patch.status ?? post.status,
        coverImage: patch.coverImage === undefined ? post.coverImage : patch.coverImage,
        updatedAt: at,
        version: post.version + 1,
      };
      // Set once: unpublishing and publishing again keeps the post's place in the listing.
      if (next.status === 'published' && next.publishedAt === null) next.publishedAt = at;
      const claim = next.coverImage !== post.coverImage ? await claimFor(userId, next.coverImage) : undefined;
      try {
        await deps.posts.update(next, post.version, claim);
      } catch (error) {
        if (error instanceof IdentityClaimedError) throw coverNotYours();
        if (!(error instanceof PostChangedError)) throw error;
        const current = await deps.posts.get(post.id);
        if (!current) throw new NotFoundError('Post not found');
        throw staleVersion(current.version);
      }
      return toView(next);
    },

    /** Deletes the post, its slug and its cover image files (unless another post of the author uses them). */
    async delete(userId: string, id: string | undefined): Promise<void> {
      const post = await loadOwn(userId, id);
      const cover = post.coverImage;
      // Files first: if this fails the post is still there and a retry finishes the job.
      if (cover && !(await deps.posts.isCoverUsedElsewhere(post.authorId, cover, post.id))) {
        const status = await deps.media.getStatus(cover);
        const keys = new Set([
          cover,
          ...Object.values(thumbnailKeysOf(cover)),
          ...Object.values(status?.thumbnails ?? {}),
        ]);
        await deps.files.deleteObjects([...keys]);
        await deps.media.deleteStatus(cover);
      }
      try {
        await deps.posts.delete(post);
      } catch (error) {
        if (error instanceof PostChangedError) throw new NotFoundError('Post not found');
        throw error;
      }
    },
  };
}

export type PostService = ReturnType<typeof createPostService>;

/** `If-Match: "3"` (also `W/"3"` or a bare `3`) → 3. Required: updates without it could overwrite blindly. */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new ValidationError(
      'If-Match header with the post version is required, e.g. If-Match: "3"',
      undefined,
      'if_match_required',
    );
  }
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!match)
    throw new ValidationError(
      'If-Match must be the post version in quotes, e.g. "3"',
      undefined,
      'invalid_if_match',
    );
  return Number(match[1]);
}

function staleVersion(currentVersion: number) {
  return new ConflictError('This post was changed by someone else: reload it and try again', {
    currentVersion,
  });
}

function coverNotYours() {
  return new ForbiddenError('coverImage must be one of your own uploads');
}
