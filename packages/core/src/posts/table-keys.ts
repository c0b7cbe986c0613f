/**
 * The single-table layout of the posts table (pk/sk, GSIs `byAuthor` and `published`).
 *
 * | item            | pk                    | sk         | gsi1 (byAuthor)                    | gsi2 (published, sparse)      |
 * |-----------------|-----------------------|------------|------------------------------------|-------------------------------|
 * | post            | POST#{id}             | POST       | AUTHOR#{authorId} / {createdAt}#{id} | PUBLISHED / {publishedAt}#{id} |
 * | slug reservation| SLUG#{slug}           | SLUG       |                                    |                               |
 * | image status    | IMAGE#{uploadKey}     | IMAGE      |                                    |                               |
 *
 * Drafts carry no gsi2 attributes, so the `published` index holds published posts only.
 */
export const postKey = (id: string) => ({ pk: `POST#${id}`, sk: 'POST' });
export const slugKey = (slug: string) => ({ pk: `SLUG#${slug}`, sk: 'SLUG' });
export const imageKey = (uploadKey: string) => ({ pk: `IMAGE#${uploadKey}`, sk: 'IMAGE' });

export const BY_AUTHOR_INDEX = 'byAuthor';
export const PUBLISHED_INDEX = 'published';
export const authorPartition = (authorId: string) => `AUTHOR#${authorId}`;
// One partition for every published post: fine for a blog's write rate (1,000 writes/s per
// partition), and it keeps the newest-first listing a single Query.
export const PUBLISHED_PARTITION = 'PUBLISHED';
export const timeSortKey = (at: string, id: string) => `${at}#${id}`;
