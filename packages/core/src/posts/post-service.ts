import { decodeCursor } from '../cursor';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { isId, newId } from '../ids';
import { parseIfMatch } from '../if-match';
import { PAGE_SIZE_DEFAULT } from '../limits';
import { parseInput } from '../validation';
import type { AuthorDirectory } from './author-directory';
import type { MediaRepository } from './media-repository';
import type { Page, Post, PostRecord } from './post';
import { createPostSchema, listQuerySchema, updatePostSchema } from './post.schema';
import {
  type CursorPosition,
  PostChangedError,
  type PostRepository,
  SlugTakenError,
} from './post-repository';
import { toPage, toView } from './post-views';
import { isSlug, slugCandidates, slugify } from './slug';
import { isUploadOf } from './upload-key';

export interface PostServiceDeps {
  posts: PostRepository;
  media: MediaRepository;
  authors: AuthorDirectory;
  now?: () => Date;
  newId?: () => string;
}

/** Who may see a post as served: everyone (cacheable) or only its author (private). */
export type Audience = 'public' | 'author';

// Cursor scopes: the public list, and one author's list bound to that author.
const publishedList = { list: 'published', timed: true };
const authorList = (authorId: string) => ({ list: 'author', owner: authorId, timed: true });
const nowOf = (deps: PostServiceDeps) => (deps.now?.() ?? new Date()).toISOString();

// The posts use cases. Every input is validated here (zod), so any caller gets the same checks;
// permissions follow SPEC §4: drafts exist only for their author (404 to anyone else), a
// published post is visible to all but writable by its author only (403). What a change means
// for the media bucket (cover tagged used, a deleted post's files removed) follows from the
// posts stream: `syncPostMedia` (post-media.ts).

/** Loads a post the caller wants to change: 404 if absent or a draft of someone else, 403 if published by someone else. */
async function loadOwn(deps: PostServiceDeps, userId: string, id: string | undefined): Promise<PostRecord> {
  const post = id && isId(id) ? await deps.posts.get(id) : undefined;
  if (!post || (post.authorId !== userId && post.status !== 'published'))
    throw new NotFoundError('Post not found');
  if (post.authorId !== userId) throw new ForbiddenError('Only the author can change this post');
  return post;
}

/**
 * A post may show only its author's own uploads: the key's `uploads/{userId}/` prefix names its
 * owner (the identity pool tags sessions with the user-pool `sub`, and the S3 policy scopes by it).
 */
function requireOwnUpload(userId: string, coverImage: string | null | undefined): void {
  if (coverImage && !isUploadOf(userId, coverImage)) throw coverNotYours();
}

/** POST /posts: a new post with a unique slug from its title. */
export async function createPost(deps: PostServiceDeps, authorId: string, input: unknown): Promise<Post> {
  const data = parseInput(createPostSchema, input);
  const at = nowOf(deps);
  requireOwnUpload(authorId, data.coverImage);
  const record: PostRecord = {
    id: (deps.newId ?? newId)(),
    slug: '',
    authorId,
    title: data.title,
    body: data.body,
    status: data.status,
    coverImage: data.coverImage ?? null,
    coverAlt: data.coverAlt ?? '',
    createdAt: at,
    updatedAt: at,
    publishedAt: data.status === 'published' ? at : null,
    version: 1,
  };
  for (const slug of slugCandidates(slugify(data.title))) {
    try {
      await deps.posts.create({ ...record, slug });
      return toView(deps, { ...record, slug });
    } catch (error) {
      if (error instanceof SlugTakenError) continue;
      throw error;
    }
  }
  throw new ConflictError('Could not find a free address for this title: try another title', {
    code: 'slug_conflict',
  });
}

/** GET /posts/{slug} for `viewerId` (undefined when anonymous). */
export async function getPostBySlug(
  deps: PostServiceDeps,
  slug: string | undefined,
  viewerId: string | undefined,
): Promise<{ post: Post; audience: Audience }> {
  const id = slug && isSlug(slug) ? await deps.posts.getIdBySlug(slug) : undefined;
  const post = id ? await deps.posts.get(id) : undefined;
  if (post?.status === 'published') return { post: await toView(deps, post), audience: 'public' };
  if (post && viewerId !== undefined && post.authorId === viewerId) {
    return { post: await toView(deps, post), audience: 'author' };
  }
  throw new NotFoundError('Post not found');
}

/** GET /posts: published posts, newest first. */
export async function listPublishedPosts(deps: PostServiceDeps, query: unknown): Promise<Page<Post>> {
  const { limit = PAGE_SIZE_DEFAULT, cursor } = parseInput(listQuerySchema, query, 'query');
  const scope = publishedList;
  const after = cursor === undefined ? undefined : (decodeCursor(scope, cursor) as CursorPosition);
  return toPage(deps, scope, await deps.posts.listPublished(limit, after));
}

/** GET /me/posts: the author's posts, drafts included, newest first. */
export async function listPostsByAuthor(
  deps: PostServiceDeps,
  authorId: string,
  query: unknown,
): Promise<Page<Post>> {
  const { limit = PAGE_SIZE_DEFAULT, cursor } = parseInput(listQuerySchema, query, 'query');
  const scope = authorList(authorId);
  const after = cursor === undefined ? undefined : (decodeCursor(scope, cursor) as CursorPosition);
  return toPage(deps, scope, await deps.posts.listByAuthor(authorId, limit, after));
}

/** PATCH /posts/{id}: the author's edit, if `ifMatch` names the current version. */
export async function updatePost(
  deps: PostServiceDeps,
  userId: string,
  id: string | undefined,
  ifMatch: string | undefined,
  input: unknown,
): Promise<Post> {
  // Required for posts: an edit without it could overwrite another tab's work blindly.
  const expectedVersion = parseIfMatch(ifMatch, { what: 'post', required: true });
  const patch = parseInput(updatePostSchema, input);
  const post = await loadOwn(deps, userId, id);
  if (post.version !== expectedVersion) throw staleVersion(post.version);
  const at = nowOf(deps);
  const next: PostRecord = {
    ...post,
    title: patch.title ?? post.title,
    body: patch.body ?? post.body,
    status: patch.status ?? post.status,
    coverImage: patch.coverImage === undefined ? post.coverImage : patch.coverImage,
    coverAlt: patch.coverAlt ?? post.coverAlt,
    updatedAt: at,
    version: post.version + 1,
  };
  // Set once: unpublishing and publishing again keeps the post's place in the listing.
  if (next.status === 'published' && next.publishedAt === null) next.publishedAt = at;
  if (next.coverImage !== post.coverImage) requireOwnUpload(userId, next.coverImage);
  try {
    await deps.posts.update(next, post.version);
  } catch (error) {
    if (!(error instanceof PostChangedError)) throw error;
    const current = await deps.posts.get(post.id);
    if (!current) throw new NotFoundError('Post not found');
    throw staleVersion(current.version);
  }
  return toView(deps, next);
}

/**
 * DELETE /posts/{id}: the post and its slug. Its cover's files follow from the posts stream
 * (`syncPostMedia`), unless another post of the author uses them.
 */
export async function deletePost(
  deps: PostServiceDeps,
  userId: string,
  id: string | undefined,
): Promise<void> {
  const post = await loadOwn(deps, userId, id);
  try {
    await deps.posts.delete(post);
  } catch (error) {
    if (error instanceof PostChangedError) throw new NotFoundError('Post not found');
    throw error;
  }
}

function staleVersion(currentVersion: number) {
  return new ConflictError('This post was changed by someone else: reload it and try again', {
    details: { currentVersion },
  });
}

function coverNotYours() {
  return new ForbiddenError('coverImage must be one of your own uploads');
}
