import type { Todo, TodoStatusFilter } from './todo';

/** Fields an update may change; `undefined` leaves a field as it is. */
export interface TodoChanges {
  title?: string;
  notes?: string;
  done?: boolean;
  dueDate?: string | null;
}

export type UpdateTodoResult =
  | { outcome: 'updated'; todo: Todo }
  | { outcome: 'not_found' }
  | { outcome: 'version_conflict'; currentVersion: number };

export interface ListTodosPage {
  /** Newest first. */
  items: Todo[];
  /** True when more todos follow the last item. */
  hasMore: boolean;
}

/**
 * Todos of one user. Every method takes the owner's user id and touches only that user's
 * partition, so another user's todo simply does not exist for the caller.
 */
export interface TodoRepository {
  /** Stores a new todo (fails if the id is taken). */
  create(userId: string, todo: Todo): Promise<void>;
  get(userId: string, todoId: string): Promise<Todo | undefined>;
  /** One page, newest first, starting after `afterTodoId` when given. */
  list(
    userId: string,
    options: { status: TodoStatusFilter; limit: number; afterTodoId?: string },
  ): Promise<ListTodosPage>;
  /** Applies the changes and bumps the version, if the todo exists (and has `expectedVersion`, when given). */
  update(
    userId: string,
    todoId: string,
    changes: TodoChanges,
    options: { updatedAt: string; expectedVersion?: number },
  ): Promise<UpdateTodoResult>;
  /** False when there was no such todo. */
  delete(userId: string, todoId: string): Promise<boolean>;
  /** Deletes every done todo of the user; returns how many. */
  deleteDone(userId: string): Promise<number>;
  /** Deletes every todo of the user (account deletion); returns how many. */
  deleteAll(userId: string): Promise<number>;
}
