import { deletePost, listPostsByAuthor, postServiceDeps } from '@app/core/posts';
import { deleteAccount } from '@app/core/users';
import { type ApiRequest, type ApiResult, type AuthContext, httpHandler } from '@app/http';
import { accountDeps } from './deps';

/** DELETE /me → 204: the account and everything in it (SPEC §4). */
export async function deleteMe({ auth }: ApiRequest<AuthContext>): Promise<ApiResult> {
  await deleteAccountOf(auth.userId);
  return { status: 204 };
}

async function deleteAccountOf(userId: string) {
  const { tables, ...deps } = accountDeps();
  // The posts use cases themselves, so a post goes with its slug as on DELETE /posts/{id}; its
  // images go with the rest of the user's uploads and thumbnails (deleteAccount).
  const posts = postServiceDeps(tables);
  await deleteAccount(
    {
      ...deps,
      posts: {
        listByAuthor: (authorId, query) => listPostsByAuthor(posts, authorId, query),
        delete: (authorId, id) => deletePost(posts, authorId, id),
      },
    },
    userId,
  );
}

export const handler = httpHandler(deleteMe, { auth: 'required' });
