import { privateFilesPrefix, thumbnailsPrefix, uploadsPrefix } from '@app/images/s3-keys';
import type { MediaRepository } from '../posts/media-repository';
import type { Page, Post } from '../posts/post';
import type { TodoRepository } from '../todos/todo-repository';
import { parseInput } from '../validation';
import * as z from '../zod';
import type { UserRepository } from './index';
import type { WelcomeEmailRecords } from './welcome-email-records';

/** Where a user's objects live: every prefix is keyed by the user-pool `sub` (the API's userId). */
export function accountPrefixes(userId: string) {
  return {
    files: [privateFilesPrefix(userId)],
    media: [uploadsPrefix(userId), thumbnailsPrefix(userId)],
  } as const;
}

/** Deletes every object under a prefix of one of the app's buckets; returns the keys it deleted. */
export interface AccountObjectStore {
  deletePrefix(bucket: 'files' | 'media', prefix: string): Promise<string[]>;
}

/** The user pool: the sign-in account itself. */
export interface AccountDirectory {
  /** Deletes the user (a no-op when it is already gone). */
  deleteUser(userId: string): Promise<void>;
}

/** The posts use cases deleteAccount needs (`listPostsByAuthor`, `deletePost` bound to their deps). */
export interface AccountPosts {
  listByAuthor(userId: string, query: unknown): Promise<Page<Post>>;
  delete(userId: string, id: string): Promise<void>;
}

export interface DeleteAccountDeps {
  todos: Pick<TodoRepository, 'deleteAll'>;
  posts: AccountPosts;
  media: Pick<MediaRepository, 'deleteStatus'>;
  objects: AccountObjectStore;
  users: Pick<UserRepository, 'delete'>;
  emails: WelcomeEmailRecords;
  directory: AccountDirectory;
}

export interface DeletedAccount {
  posts: number;
  todos: number;
  objects: number;
}

/**
 * The welcome email's "done" record outlives the account for a little more than the users
 * table's stream retention (24 h), so a replayed INSERT cannot email a deleted user; it keeps
 * no personal data (a hash of the user id, the SES message id) and the table's TTL removes it after.
 */
export const WELCOME_RECORD_KEEP_SECONDS = 25 * 3600;

const userIdSchema = z
  .string()
  .check(z.minLength(1), z.maxLength(128), z.regex(/^[^/]+$/, 'a user id has no slash'));

/**
 * DELETE /me: removes the user's posts (with their images), files, uploads and thumbnails, todos,
 * profile and finally the Cognito user. Each step is idempotent, and the sign-in account goes last:
 * if a step fails, the user can still sign in and the retry finishes the job.
 */
export async function deleteAccount(deps: DeleteAccountDeps, rawUserId: unknown): Promise<DeletedAccount> {
  const userId = parseInput(userIdSchema, rawUserId, 'userId');
  let posts = 0;
  // Deleting as we go invalidates cursors: read the first page again until none is left.
  for (;;) {
    const page = await deps.posts.listByAuthor(userId, {});
    if (page.items.length === 0) break;
    for (const post of page.items) await deps.posts.delete(userId, post.id);
    posts += page.items.length;
  }
  let objects = 0;
  const prefixes = accountPrefixes(userId);
  for (const prefix of prefixes.files) objects += (await deps.objects.deletePrefix('files', prefix)).length;
  for (const prefix of prefixes.media) {
    const keys = await deps.objects.deletePrefix('media', prefix);
    // Uploads not used by any post still have a thumbnail status row.
    for (const key of keys) if (key.startsWith('uploads/')) await deps.media.deleteStatus(key);
    objects += keys.length;
  }
  const todos = await deps.todos.deleteAll(userId);
  await deps.emails.retire(userId, WELCOME_RECORD_KEEP_SECONDS);
  await deps.users.delete(userId);
  await deps.directory.deleteUser(userId);
  return { posts, todos, objects };
}
