import * as todos from '@app/core/todos';
import { type ApiRequest, type ApiResult, type AuthContext, httpHandler } from '@app/http';
import { todoRepository } from './deps';

/** DELETE /todos/{id} → 204; 404 when missing or not the caller's. */
export async function deleteTodo({ auth, pathParameters }: ApiRequest<AuthContext>): Promise<ApiResult> {
  await todos.deleteTodo(todoRepository, auth.userId, pathParameters.id);
  return { status: 204 };
}

export const handler = httpHandler(deleteTodo, { auth: 'required' });
