import type { DynamoDBRecord } from 'aws-lambda';
import * as z from '../zod';
import type { MediaRepository } from './media-repository';
import type { PostRepository } from './post-repository';
import { changedPostId, type PostsStreamRecord, postsStreamRecord } from './posts-stream';
import type { MediaFileStore, UploadUseMarker } from './s3-media-bucket';
import { isUploadOf, thumbnailKeysOf } from './upload-key';

export interface PostMediaDeps {
  posts: Pick<PostRepository, 'isCoverUsedElsewhere'>;
  media: Pick<MediaRepository, 'getStatus' | 'deleteStatus'>;
  files: MediaFileStore & UploadUseMarker;
}

/** What one batch did to the media bucket (for the log). */
export interface PostMediaChanges {
  tagged: string[];
  deleted: string[];
}

/** The cover of one side of a change, if it is the author's own upload (the only files a post may touch). */
function coverOf(image: NonNullable<PostsStreamRecord['dynamodb']['NewImage']> | undefined) {
  const authorId = image?.authorId?.S;
  const cover = image?.coverImage?.S;
  return authorId && cover && isUploadOf(authorId, cover) ? { authorId, cover } : undefined;
}

/**
 * Keeps the media bucket in step with the posts table, from its stream (in order, one record at
 * a time): a cover a saved post takes (new, or changed on edit) is tagged `post=used`, so the
 * bucket's lifecycle rule keeps it; a deleted post's cover files (upload, thumbnails) and image
 * status go, unless another post of the author still uses that cover. Every step is idempotent:
 * a retried batch does it again harmlessly. Off the request path, so the API's writers carry no
 * S3 client; the order with the thumbnail maker's tagging is unchanged (the tag is written after
 * the post is), see `process-upload.ts`.
 */
export async function syncPostMedia(
  deps: PostMediaDeps,
  records: readonly DynamoDBRecord[],
): Promise<PostMediaChanges> {
  const changes: PostMediaChanges = { tagged: [], deleted: [] };
  for (const record of z.array(postsStreamRecord).parse(records)) {
    const postId = changedPostId(record);
    if (postId === undefined) continue;
    const before = coverOf(record.dynamodb.OldImage);
    if (record.eventName === 'REMOVE') {
      if (before) changes.deleted.push(...(await removeCoverFiles(deps, postId, before)));
      continue;
    }
    const after = coverOf(record.dynamodb.NewImage);
    if (after && after.cover !== before?.cover) {
      await deps.files.markUse(after.cover, 'used');
      changes.tagged.push(after.cover);
    }
  }
  return changes;
}

/** A deleted post's cover files and image status, unless another post of its author uses the cover. */
async function removeCoverFiles(
  deps: PostMediaDeps,
  postId: string,
  { authorId, cover }: { authorId: string; cover: string },
): Promise<string[]> {
  if (await deps.posts.isCoverUsedElsewhere(authorId, cover, postId)) return [];
  const status = await deps.media.getStatus(cover);
  const keys = [
    ...new Set([cover, ...Object.values(thumbnailKeysOf(cover)), ...Object.values(status?.thumbnails ?? {})]),
  ];
  await deps.files.deleteObjects(keys);
  await deps.media.deleteStatus(cover);
  return keys;
}
