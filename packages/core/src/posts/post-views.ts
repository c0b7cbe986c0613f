import { type CursorScope, encodeCursor } from '../cursor';
import { type AuthorDirectory, UNKNOWN_AUTHOR_NAME } from './author-directory';
import { thumbnailsOf } from './image-status';
import type { ImageStatusRecord, MediaRepository } from './media-repository';
import type { Page, Post, PostRecord } from './post';
import type { PostListPage } from './post-repository';

/** Stored posts → API views: author names and cover thumbnails read at serve time. */
export async function toViews(
  deps: { authors: AuthorDirectory; media: Pick<MediaRepository, 'getStatuses'> },
  records: PostRecord[],
): Promise<Post[]> {
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

export async function toView(deps: Parameters<typeof toViews>[0], record: PostRecord): Promise<Post> {
  const [view] = await toViews(deps, [record]);
  return view as Post;
}

/** A repository page → `{items, nextCursor}` for the list it came from. */
export async function toPage(
  deps: Parameters<typeof toViews>[0],
  scope: CursorScope,
  result: PostListPage,
): Promise<Page<Post>> {
  return {
    items: await toViews(deps, result.items),
    nextCursor: result.last ? encodeCursor(scope, result.last) : null,
  };
}
