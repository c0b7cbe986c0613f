import * as todos from '@app/core/todos';
import { type ApiRequest, type ApiResult, type AuthContext, httpHandler } from '@app/http';
import { todoRepository } from './deps';

/** PATCH /todos/{id} {title?, notes?, done?, dueDate?} + optional If-Match: "<version>" → 200 todo. */
export async function updateTodo({
  auth,
  pathParameters,
  body,
  headers,
}: ApiRequest<AuthContext>): Promise<ApiResult> {
  return {
    status: 200,
    body: await todos.updateTodo(todoRepository, auth.userId, pathParameters.id, body, headers['if-match']),
  };
}

export const handler = httpHandler(updateTodo, { auth: 'required' });
