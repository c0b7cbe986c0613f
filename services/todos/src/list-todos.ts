import * as todos from '@app/core/todos';
import { type ApiRequest, type ApiResult, type AuthContext, httpHandler } from '@app/http';
import { todoRepository } from './repository';

/** GET /todos?status=all|open|done&limit=1..100&cursor= → 200 {items, nextCursor}, newest first. */
export async function listTodos({ auth, query }: ApiRequest<AuthContext>): Promise<ApiResult> {
  return {
    status: 200,
    body: await todos.listTodos(todoRepository, auth.userId, query),
    etag: true,
    // Private data: browsers may keep it but must revalidate (If-None-Match → 304) before reuse.
    headers: { 'cache-control': 'private, no-cache' },
  };
}

export const handler = httpHandler(listTodos, { auth: 'required' });
