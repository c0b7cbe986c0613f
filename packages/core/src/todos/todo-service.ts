import { decodeCursor, encodeCursor } from '../cursor';
import { ConflictError, NotFoundError } from '../errors';
import { isId, newId } from '../ids';
import { parseIfMatch } from '../if-match';
import { PAGE_SIZE_DEFAULT } from '../limits';
import { parseInput } from '../validation';
import type { Todo } from './todo';
import {
  clearTodosQuerySchema,
  createTodoSchema,
  listTodosQuerySchema,
  updateTodoSchema,
} from './todo.schema';
import type { TodoRepository } from './todo-repository';

// The todos use cases. Each validates its own raw input (body, query, path id, header), so the
// HTTP handlers stay one line and every caller gets the same checks. `userId` is the verified
// caller: it scopes every read and write.

/** A page of GET /todos. */
export interface TodoList {
  items: Todo[];
  /** Opaque; null on the last page. */
  nextCursor: string | null;
}

function notFound(): NotFoundError {
  return new NotFoundError('Todo not found');
}

/** A path id that is not one of our ids cannot exist: 404 without touching the table. */
function requireTodoId(id: string | undefined): string {
  if (!id || !isId(id)) throw notFound();
  return id;
}

/** POST /todos: a new open todo, version 1. */
export async function createTodo(
  repo: TodoRepository,
  userId: string,
  body: unknown,
  now: Date = new Date(),
): Promise<Todo> {
  const input = parseInput(createTodoSchema, body, 'todo');
  const timestamp = now.toISOString();
  const todo: Todo = {
    id: newId(now),
    title: input.title,
    notes: input.notes ?? '',
    done: false,
    dueDate: input.dueDate ?? null,
    createdAt: timestamp,
    updatedAt: timestamp,
    version: 1,
  };
  await repo.create(userId, todo);
  return todo;
}

/** GET /todos: one page, newest first, filtered by status; `query` is the raw query string. */
export async function listTodos(
  repo: TodoRepository,
  userId: string,
  query: Record<string, string | undefined>,
): Promise<TodoList> {
  const { status, limit = PAGE_SIZE_DEFAULT, cursor } = parseInput(listTodosQuerySchema, query, 'query');
  // Bound to the caller and the filter: another user's or another filter's cursor is a 400.
  const scope = { list: 'todos', owner: userId, filter: status };
  const afterTodoId = cursor === undefined ? undefined : decodeCursor(scope, cursor).id;
  const page = await repo.list(userId, { status, limit, afterTodoId });
  const last = page.items.at(-1);
  return {
    items: page.items,
    nextCursor: page.hasMore && last ? encodeCursor(scope, { id: last.id }) : null,
  };
}

/** GET /todos/{id}: the caller's todo, or NotFoundError (also for another user's id). */
export async function getTodo(repo: TodoRepository, userId: string, id: string | undefined): Promise<Todo> {
  const todo = await repo.get(userId, requireTodoId(id));
  if (!todo) throw notFound();
  return todo;
}

/**
 * Partial update; `ifMatch` is the raw `If-Match` header. Optional here: absent (or `*`) is an
 * unconditional update (SPEC §4 lists no 428, and the web app always sends it); present, it must match.
 */
export async function updateTodo(
  repo: TodoRepository,
  userId: string,
  id: string | undefined,
  body: unknown,
  ifMatch: string | undefined,
  now: Date = new Date(),
): Promise<Todo> {
  const todoId = requireTodoId(id);
  const changes = parseInput(updateTodoSchema, body, 'todo');
  const expectedVersion = parseIfMatch(ifMatch, { what: 'todo', required: false });
  const result = await repo.update(userId, todoId, changes, {
    updatedAt: now.toISOString(),
    expectedVersion,
  });
  if (result.outcome === 'not_found') throw notFound();
  if (result.outcome === 'version_conflict') {
    throw new ConflictError(
      `This todo was changed elsewhere (now version ${result.currentVersion}): reload it and try again`,
      { details: { currentVersion: result.currentVersion } },
    );
  }
  return result.todo;
}

/** DELETE /todos/{id}: NotFoundError when there is no such todo of the caller. */
export async function deleteTodo(
  repo: TodoRepository,
  userId: string,
  id: string | undefined,
): Promise<void> {
  if (!(await repo.delete(userId, requireTodoId(id)))) throw notFound();
}

/** DELETE /todos?status=done: deletes every completed todo of the caller. */
export async function clearCompletedTodos(
  repo: TodoRepository,
  userId: string,
  query: Record<string, string | undefined>,
): Promise<{ deleted: number }> {
  parseInput(clearTodosQuerySchema, query, 'query');
  return { deleted: await repo.deleteDone(userId) };
}
