import type { UserRepository } from '../users';

/** Shown for authors who have no profile yet (never derived from the email here). */
export const UNKNOWN_AUTHOR_NAME = 'Anonymous';

/** Display names of authors, read when a post is served, so a renamed author shows the new name. */
export interface AuthorDirectory {
  /** Display names by user id; ids without a profile are absent. */
  displayNames(userIds: readonly string[]): Promise<Map<string, string>>;
}

/** Through the users context's repository (one GetItem per distinct author). */
export function authorDirectoryFromUsers(users: Pick<UserRepository, 'get'>): AuthorDirectory {
  return {
    async displayNames(userIds) {
      const ids = [...new Set(userIds)];
      const profiles = await Promise.all(ids.map((id) => users.get(id)));
      const out = new Map<string, string>();
      for (const profile of profiles) if (profile?.displayName) out.set(profile.userId, profile.displayName);
      return out;
    },
  };
}
