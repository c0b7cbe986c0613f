import * as todos from '@app/core/todos';
import { type ApiRequest, type ApiResult, type AuthContext, httpHandler } from '@app/http';
import { todoRepository } from './repository';

/** GET /todos/{id} → 200 todo; 404 when missing or not the caller's. */
export async function getTodo({ auth, pathParameters }: ApiRequest<AuthContext>): Promise<ApiResult> {
  return {
    status: 200,
    body: await todos.getTodo(todoRepository, auth.userId, pathParameters.id),
    etag: true,
    headers: { 'cache-control': 'private, no-cache' },
  };
}

export const handler = httpHandler(getTodo, { auth: 'required' });
