import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { InMemoryUserRepository } from '../testing';
import { type DeleteAccountDeps, deleteAccount, WELCOME_RECORD_KEEP_SECONDS } from './delete-account';

function fakes(userId: string) {
  const calls: string[] = [];
  const posts = new Map([
    ['p1', userId],
    ['p2', userId],
    ['p3', 'someone-else'],
  ]);
  const objects = new Map([
    ['files', [`private/${userId}/a.txt`, 'private/someone-else/b.txt']],
    ['media', [`uploads/${userId}/c.jpg`, `thumbnails/${userId}/c-w320.webp`, 'uploads/someone-else/d.jpg']],
  ]);
  const users = new InMemoryUserRepository();
  const retired: [string, number][] = [];
  const emails = { retire: async (id: string, keep: number) => void retired.push([id, keep]) };
  const deps: DeleteAccountDeps = {
    todos: {
      deleteAll: async (id) => {
        calls.push(`todos:${id}`);
        return 4;
      },
    },
    posts: {
      // Pages of one, to show the loop reads again until nothing is left.
      listByAuthor: async (id) => {
        const first = [...posts].find(([, author]) => author === id);
        return { items: first ? [{ id: first[0] }] : [], nextCursor: null } as never;
      },
      delete: async (id, postId) => {
        calls.push(`post:${postId}`);
        if (posts.get(postId ?? '') === id) posts.delete(postId ?? '');
      },
    },
    media: { deleteStatus: async (key) => void calls.push(`status:${key}`) },
    objects: {
      deletePrefix: async (bucket, prefix) => {
        const all = objects.get(bucket) ?? [];
        const gone = all.filter((k) => k.startsWith(prefix));
        objects.set(
          bucket,
          all.filter((k) => !k.startsWith(prefix)),
        );
        return gone;
      },
    },
    users,
    emails,
    directory: { deleteUser: async (id) => void calls.push(`cognito:${id}`) },
  };
  return { deps, calls, posts, objects, users, retired };
}

describe('deleteAccount', () => {
  it('deletes posts, objects, upload statuses, todos and profile, and the Cognito user last', async () => {
    const userId = 'user-1';
    const { deps, calls, posts, objects, users, retired } = fakes(userId);
    await users.createIfAbsent({
      userId,
      email: 'a@example.com',
      displayName: 'A',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });

    expect(await deleteAccount(deps, userId)).toEqual({ posts: 2, todos: 4, objects: 3 });
    expect([...posts.values()]).toEqual(['someone-else']);
    expect(objects.get('files')).toEqual(['private/someone-else/b.txt']);
    expect(objects.get('media')).toEqual(['uploads/someone-else/d.jpg']);
    expect(calls).toContain(`status:uploads/${userId}/c.jpg`);
    expect(calls).not.toContain(`status:thumbnails/${userId}/c-w320.webp`);
    expect(await users.get(userId)).toBeUndefined();
    // The welcome email's record is kept (retired, not deleted), so a replayed INSERT sends nothing.
    expect(retired).toEqual([[userId, WELCOME_RECORD_KEEP_SECONDS]]);
    expect(calls.at(-1)).toBe(`cognito:${userId}`);
  });

  it('refuses a user id that could reach into another prefix', async () => {
    const { deps, calls } = fakes('x');
    await expect(deleteAccount(deps, '')).rejects.toBeInstanceOf(ValidationError);
    await expect(deleteAccount(deps, 'a/b')).rejects.toBeInstanceOf(ValidationError);
    expect(calls).toEqual([]);
  });
});
