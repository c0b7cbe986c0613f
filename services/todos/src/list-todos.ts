import * as todos from '@app/core/todos';
import {
  type ApiRequest,
  type ApiResult,
  type AuthContext,
  httpHandler,
  PRIVATE_REVALIDATE,
} from '@app/http';
import { todoRepository } from './deps';

/** GET /todos?status=all|open|done&limit=1..100&cursor= → 200 {items, nextCursor}, newest first. */
export async function listTodos({ auth, query }: ApiRequest<AuthContext>): Promise<ApiResult> {
  return {
    status: 200,
    body: await todos.listTodos(todoRepository, auth.userId, query),
    etag: true,
    headers: PRIVATE_REVALIDATE,
  };
}

export const handler = httpHandler(listTodos, { auth: 'required' });
