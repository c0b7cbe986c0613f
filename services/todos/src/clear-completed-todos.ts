import * as todos from '@app/core/todos';
import { type ApiRequest, type ApiResult, type AuthContext, httpHandler } from '@app/http';
import { todoRepository } from './deps';

/** DELETE /todos?status=done → 200 {deleted: n}. Any other status → 400. */
export async function clearCompletedTodos({ auth, query }: ApiRequest<AuthContext>): Promise<ApiResult> {
  return { status: 200, body: await todos.clearCompletedTodos(todoRepository, auth.userId, query) };
}

export const handler = httpHandler(clearCompletedTodos, { auth: 'required' });
