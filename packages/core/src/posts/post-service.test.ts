import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { getImageStatus, thumbnailsOf } from './image-status';
import type { ImageStatusRecord, MediaRepository } from './media-repository';
import type { PostRecord } from './post';
import { type PostMediaDeps, syncPostMedia } from './post-media';
import { PostChangedError, type PostListPage, type PostRepository, SlugTakenError } from './post-repository';
import {
  createPost,
  deletePost,
  getPostBySlug,
  listPublishedPosts,
  type PostServiceDeps,
  updatePost,
} from './post-service';

// In-memory fakes of the repositories (the DynamoDB ones are covered by test/integration/posts.test.ts).

/** A post as the posts-table stream shows it (NEW_AND_OLD_IMAGES), the attributes its consumers read. */
function streamImage(post: PostRecord) {
  return {
    authorId: { S: post.authorId },
    status: { S: post.status },
    coverImage: post.coverImage === null ? { NULL: true } : { S: post.coverImage },
  };
}

class MemoryPosts implements PostRepository {
  posts = new Map<string, PostRecord>();
  slugs = new Map<string, string>();
  /** The post items' changes, as the table's stream would deliver them. */
  stream: DynamoDBRecord[] = [];
  private changed(
    eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
    id: string,
    before?: PostRecord,
    after?: PostRecord,
  ) {
    this.stream.push({
      eventName,
      dynamodb: {
        Keys: { pk: { S: `POST#${id}` }, sk: { S: 'POST' } },
        SequenceNumber: String(this.stream.length + 1),
        OldImage: before && streamImage(before),
        NewImage: after && streamImage(after),
      },
    } as DynamoDBRecord);
  }
  async get(id: string) {
    return this.posts.get(id);
  }
  async getIdBySlug(slug: string) {
    return this.slugs.get(slug);
  }
  async create(post: PostRecord) {
    if (this.slugs.has(post.slug)) throw new SlugTakenError(post.slug);
    this.slugs.set(post.slug, post.id);
    this.posts.set(post.id, post);
    this.changed('INSERT', post.id, undefined, post);
  }
  async update(post: PostRecord, expectedVersion: number) {
    const before = this.posts.get(post.id);
    if (before?.version !== expectedVersion) throw new PostChangedError(post.id);
    this.posts.set(post.id, post);
    this.changed('MODIFY', post.id, before, post);
  }
  async delete(post: PostRecord) {
    const before = this.posts.get(post.id);
    if (!before || !this.posts.delete(post.id)) throw new PostChangedError(post.id);
    this.slugs.delete(post.slug);
    this.changed('REMOVE', post.id, before);
  }
  private page(items: PostRecord[], limit: number): PostListPage {
    return { items: items.slice(0, limit) };
  }
  async listPublished(limit: number) {
    return this.page([...this.posts.values()].filter((p) => p.status === 'published').reverse(), limit);
  }
  async listByAuthor(authorId: string, limit: number) {
    return this.page([...this.posts.values()].filter((p) => p.authorId === authorId).reverse(), limit);
  }
  async isCoverUsedElsewhere(authorId: string, cover: string, exceptId: string) {
    return [...this.posts.values()].some(
      (p) => p.authorId === authorId && p.coverImage === cover && p.id !== exceptId,
    );
  }
}

function setup() {
  const posts = new MemoryPosts();
  const statuses = new Map<string, ImageStatusRecord>();
  const deleted: string[] = [];
  const media: MediaRepository = {
    getStatus: async (key) => statuses.get(key),
    getStatuses: async (keys) =>
      new Map(keys.flatMap((k) => (statuses.has(k) ? [[k, statuses.get(k) as ImageStatusRecord]] : []))),
    putStatus: async (r) => void statuses.set(r.uploadKey, r),
    deleteStatus: async (key) => void statuses.delete(key),
  };
  let n = 0;
  const marked: string[] = [];
  const deps: PostServiceDeps & PostMediaDeps = {
    posts,
    media,
    authors: {
      displayNames: async (ids) => new Map(ids.filter((id) => id === 'alice').map((id) => [id, 'Alice A.'])),
    },
    files: {
      deleteObjects: async (keys) => void deleted.push(...keys),
      markUse: async (key, use) => void marked.push(`${key}=${use}`),
    },
    newId: () => `01ARZ3NDEKTSV4RRFFQ69G5F${String(n++).padStart(2, '0')}`,
    now: () => new Date(Date.UTC(2025, 0, 1, 0, 0, n)),
  };
  // The use cases are free functions taking their deps first; this binds them for the tests below.
  const service = {
    create: (authorId: string, input: unknown) => createPost(deps, authorId, input),
    getBySlug: (slug: string, viewer: string | undefined) => getPostBySlug(deps, slug, viewer),
    listPublished: (query: unknown) => listPublishedPosts(deps, query),
    update: (userId: string, id: string, ifMatch: string, input: unknown) =>
      updatePost(deps, userId, id, ifMatch, input),
    delete: (userId: string, id: string) => deletePost(deps, userId, id),
  };
  /** Delivers the stream records written so far to the media sync (as the posts stream does). */
  const syncMedia = () => syncPostMedia(deps, posts.stream.splice(0));
  return { service, posts, statuses, deleted, media, marked, syncMedia };
}

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const COVER = 'uploads/alice/cover.jpg';

describe('post service', () => {
  it('creates with a slug from the title, walking -2, -3 on collisions', async () => {
    const { service } = setup();
    const a = await service.create('alice', { title: 'Hello World', body: '', status: 'published' });
    const b = await service.create('bob', { title: 'Hello, world!', body: '', status: 'draft' });
    const c = await service.create('bob', { title: 'hello world', body: '', status: 'draft' });
    expect([a.slug, b.slug, c.slug]).toEqual(['hello-world', 'hello-world-2', 'hello-world-3']);
    expect(a).toMatchObject({
      authorName: 'Alice A.',
      publishedAt: a.createdAt,
      version: 1,
      thumbnails: null,
    });
    expect(b).toMatchObject({ authorName: 'Anonymous', publishedAt: null });
  });

  it('lets an author see their draft and hides it from everyone else', async () => {
    const { service } = setup();
    const draft = await service.create('alice', { title: 'Draft', body: '', status: 'draft' });
    expect((await service.getBySlug(draft.slug, 'alice')).audience).toBe('author');
    expect(await failure(service.getBySlug(draft.slug, 'bob'))).toBeInstanceOf(NotFoundError);
    expect(await failure(service.getBySlug(draft.slug, undefined))).toBeInstanceOf(NotFoundError);
    const published = await service.create('alice', { title: 'Out', body: '', status: 'published' });
    expect((await service.getBySlug(published.slug, 'alice')).audience).toBe('public');
    expect((await service.getBySlug(published.slug, undefined)).audience).toBe('public');
  });

  it('updates: 404 for another’s draft, 403 for another’s published post, 409 when stale, publishedAt once', async () => {
    const { service } = setup();
    const draft = await service.create('alice', { title: 'D', body: '', status: 'draft' });
    expect(await failure(service.update('bob', draft.id, '"1"', { title: 'x' }))).toBeInstanceOf(
      NotFoundError,
    );
    const published = await service.update('alice', draft.id, '"1"', { status: 'published' });
    expect(published.publishedAt).toBe(published.updatedAt);
    expect(await failure(service.update('bob', draft.id, '"2"', { title: 'x' }))).toBeInstanceOf(
      ForbiddenError,
    );
    const stale = await failure(service.update('alice', draft.id, '"1"', { title: 'x' }));
    expect(stale).toBeInstanceOf(ConflictError);
    expect(stale.details).toEqual({ currentVersion: 2 });
    const back = await service.update('alice', draft.id, '"2"', { status: 'draft' });
    const again = await service.update('alice', draft.id, '"3"', { status: 'published' });
    expect(back.publishedAt).toBe(published.publishedAt);
    expect(again.publishedAt).toBe(published.publishedAt);
    expect(again.slug).toBe(draft.slug);
  });

  it('keeps the cover alt text (trimmed, at most 250 characters), "" when none is given', async () => {
    const { service } = setup();
    const plain = await service.create('alice', { title: 'P', body: '', status: 'draft' });
    expect(plain.coverAlt).toBe('');
    const post = await service.create('alice', {
      title: 'A',
      body: '',
      status: 'draft',
      coverImage: COVER,
      coverAlt: '  Tomatoes on a sunny windowsill ',
    });
    expect(post.coverAlt).toBe('Tomatoes on a sunny windowsill');
    const changed = await service.update('alice', post.id, '"1"', { coverAlt: 'Basil in a pot' });
    expect(changed.coverAlt).toBe('Basil in a pot');
    expect((await service.update('alice', post.id, '"2"', { title: 'A2' })).coverAlt).toBe('Basil in a pot');
    const tooLong = await failure(service.update('alice', post.id, '"3"', { coverAlt: '🌱'.repeat(251) }));
    expect(tooLong.status).toBe(400);
    expect(
      (await service.update('alice', post.id, '"3"', { coverAlt: '🌱'.repeat(250) })).coverAlt,
    ).toHaveLength(500);
  });

  // Regression (issue 11, cross-user image takeover): bob used alice's upload key as his cover
  // before she did ("first use claims the identity id"), then owned it. Now the key's prefix names
  // its owner: nobody can reference another user's upload, before or after its owner uses it.
  it("refuses another user's upload as a cover, whoever uses it first", async () => {
    const { service } = setup();
    const bobFirst = await failure(
      service.create('bob', { title: 'B', body: '', status: 'draft', coverImage: COVER }),
    );
    expect(bobFirst).toBeInstanceOf(ForbiddenError);
    const alices = await service.create('alice', {
      title: 'A',
      body: '',
      status: 'draft',
      coverImage: COVER,
    });
    expect(alices.coverImage).toBe(COVER);
    const bobs = await service.create('bob', { title: 'B', body: '', status: 'draft' });
    expect(await failure(service.update('bob', bobs.id, '"1"', { coverImage: COVER }))).toBeInstanceOf(
      ForbiddenError,
    );
    const traversal = 'uploads/bob/../alice/cover.jpg';
    expect(
      await failure(service.create('bob', { title: 'T', body: '', status: 'draft', coverImage: traversal })),
    ).toBeInstanceOf(ValidationError);
  });

  it('tags a cover `post=used` once the post is saved (lifecycle rule), and a new cover on edit', async () => {
    const { service, marked, syncMedia } = setup();
    const post = await service.create('alice', { title: 'A', body: '', status: 'draft', coverImage: COVER });
    expect(marked).toEqual([]); // not on the request path: from the posts stream
    expect(await syncMedia()).toEqual({ tagged: [COVER], deleted: [] });
    expect(marked).toEqual([`${COVER}=used`]);
    await service.update('alice', post.id, '"1"', { title: 'same cover' });
    await syncMedia();
    expect(marked).toHaveLength(1);
    await service.update('alice', post.id, '"2"', { coverImage: 'uploads/alice/other.png' });
    await syncMedia();
    expect(marked).toEqual([`${COVER}=used`, 'uploads/alice/other.png=used']);
    await service.create('alice', { title: 'No cover', body: '', status: 'draft' });
    await syncMedia();
    expect(marked).toHaveLength(2);
  });

  it("shows the thumbnail status of one's own uploads only", async () => {
    const { media } = setup();
    await expect(getImageStatus(media, 'alice', { key: COVER })).resolves.toMatchObject({
      status: 'pending',
    });
    expect(await failure(getImageStatus(media, 'bob', { key: COVER }))).toBeInstanceOf(NotFoundError);
  });

  it("never deletes another user's upload, even when an older post references it", async () => {
    const { service, posts, deleted, marked, syncMedia } = setup();
    const bobs = await service.create('bob', { title: 'Old', body: '', status: 'draft' });
    // A post stored before the ownership rule, pointing at alice's upload.
    posts.posts.set(bobs.id, { ...(posts.posts.get(bobs.id) as PostRecord), coverImage: COVER });
    await service.delete('bob', bobs.id);
    expect(posts.stream.at(-1)?.eventName).toBe('REMOVE');
    expect(await syncMedia()).toEqual({ tagged: [], deleted: [] });
    expect(deleted).toEqual([]);
    expect(marked).toEqual([]);
  });

  it('derives thumbnails from the status record', async () => {
    const { service, statuses } = setup();
    const post = await service.create('alice', {
      title: 'P',
      body: '',
      status: 'published',
      coverImage: COVER,
    });
    expect(post.thumbnails).toEqual({ status: 'pending', w320: null, w1280: null });
    const thumbnails = {
      w320: 'thumbnails/alice/cover.jpg-w320.webp',
      w1280: 'thumbnails/alice/cover.jpg-w1280.webp',
    };
    statuses.set(COVER, {
      uploadKey: COVER,
      status: 'ready',
      thumbnails,
      widths: [320, 1280],
      sourceEtag: 'e',
      updatedAt: 'now',
    });
    expect((await service.listPublished({})).items[0]?.thumbnails).toEqual({
      status: 'ready',
      ...thumbnails,
    });
  });

  it('deletes the cover files unless another post of the author uses them', async () => {
    const { service, deleted, statuses, syncMedia } = setup();
    statuses.set(COVER, {
      uploadKey: COVER,
      status: 'failed',
      reason: 'bad',
      thumbnails: {},
      widths: [],
      sourceEtag: 'e',
      updatedAt: 'now',
    });
    const one = await service.create('alice', { title: 'One', body: '', status: 'draft', coverImage: COVER });
    const two = await service.create('alice', { title: 'Two', body: '', status: 'draft', coverImage: COVER });
    await service.delete('alice', one.id);
    await syncMedia();
    expect(deleted).toEqual([]);
    await service.delete('alice', two.id);
    expect(deleted).toEqual([]); // not on the request path: from the posts stream
    await syncMedia();
    expect(deleted.sort()).toEqual(
      [COVER, 'thumbnails/alice/cover.jpg-w320.webp', 'thumbnails/alice/cover.jpg-w1280.webp'].sort(),
    );
    expect(statuses.has(COVER)).toBe(false);
    expect(await failure(service.getBySlug(two.slug, 'alice'))).toBeInstanceOf(NotFoundError);
  });
});

describe('thumbnailsOf', () => {
  it('is pending without a record and carries the reason when failed', () => {
    expect(thumbnailsOf(undefined)).toEqual({ status: 'pending', w320: null, w1280: null });
    expect(
      thumbnailsOf({
        uploadKey: COVER,
        status: 'failed',
        reason: 'corrupt',
        thumbnails: {},
        widths: [],
        sourceEtag: '',
        updatedAt: '',
      }),
    ).toEqual({ status: 'failed', reason: 'corrupt', w320: null, w1280: null });
  });
});
