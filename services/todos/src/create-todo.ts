import * as todos from '@app/core/todos';
import { type ApiRequest, type ApiResult, type AuthContext, httpHandler } from '@app/http';
import { todoRepository } from './deps';

/** POST /todos {title, notes?, dueDate?} → 201 todo. */
export async function createTodo({ auth, body }: ApiRequest<AuthContext>): Promise<ApiResult> {
  const todo = await todos.createTodo(todoRepository, auth.userId, body);
  return { status: 201, body: todo, headers: { location: `/todos/${todo.id}` } };
}

export const handler = httpHandler(createTodo, { auth: 'required' });
