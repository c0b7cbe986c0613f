import * as todos from '@app/core/todos';
import {
  type ApiRequest,
  type ApiResult,
  type AuthContext,
  httpHandler,
  PRIVATE_REVALIDATE,
} from '@app/http';
import { todoRepository } from './deps';

/** GET /todos/{id} → 200 todo; 404 when missing or not the caller's. */
export async function getTodo({ auth, pathParameters }: ApiRequest<AuthContext>): Promise<ApiResult> {
  return {
    status: 200,
    body: await todos.getTodo(todoRepository, auth.userId, pathParameters.id),
    etag: true,
    headers: PRIVATE_REVALIDATE,
  };
}

export const handler = httpHandler(getTodo, { auth: 'required' });
