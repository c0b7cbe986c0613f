/** A todo as the API returns it. `notes` is '' when there are none; `dueDate` is YYYY-MM-DD or null. */
export interface Todo {
  id: string;
  title: string;
  notes: string;
  done: boolean;
  dueDate: string | null;
  createdAt: string;
  updatedAt: string;
  /** Starts at 1 and grows by one on every update; sent back in `If-Match` for optimistic concurrency. */
  version: number;
}

export const TODO_STATUSES = ['all', 'open', 'done'] as const;
/** The list filter: every todo, or only open / only done ones. */
export type TodoStatusFilter = (typeof TODO_STATUSES)[number];
/** What a single todo is: the `byStatus` index sorts by this prefix. */
export type TodoStatus = Exclude<TodoStatusFilter, 'all'>;

export function statusOf(done: boolean): TodoStatus {
  return done ? 'done' : 'open';
}

/**
 * Sort key of the `byStatus` index: `open#<todoId>` / `done#<todoId>`. Every write that sets
 * `done` sets this too, so a status filter is a Query on the caller's own partition.
 */
export function statusKey(done: boolean, todoId: string): string {
  return `${statusOf(done)}#${todoId}`;
}
