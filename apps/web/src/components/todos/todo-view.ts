import type { Todo, TodoStatusFilter } from '@app/core/todos';

// What the list shows, as it sits in the URL (`/todos?show=open&sort=due`), so a filtered, sorted
// view survives a reload and can be bookmarked or shared.

export type Filter = TodoStatusFilter;
export type Sort = 'newest' | 'due';

export const FILTERS: { value: Filter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'open', label: 'Open' },
  { value: 'done', label: 'Done' },
];

export const SORTS: { value: Sort; label: string }[] = [
  { value: 'newest', label: 'Newest first' },
  { value: 'due', label: 'Due date' },
];

export interface TodoView {
  filter: Filter;
  sort: Sort;
}

/** The view named by a query string; anything unknown falls back to the default. */
export function parseTodoView(params: URLSearchParams): TodoView {
  const show = params.get('show');
  const filter = FILTERS.some((f) => f.value === show) ? (show as Filter) : 'all';
  return { filter, sort: params.get('sort') === 'due' ? 'due' : 'newest' };
}

/** The query string for a view (defaults left out, so the plain `/todos` stays plain). */
export function todoViewQuery(view: TodoView): string {
  const params = new URLSearchParams();
  if (view.filter !== 'all') params.set('show', view.filter);
  if (view.sort !== 'newest') params.set('sort', view.sort);
  const query = params.toString();
  return query ? `?${query}` : '';
}

export function matchesFilter(todo: Todo, filter: Filter): boolean {
  return filter === 'all' || (filter === 'done' ? todo.done : !todo.done);
}

/**
 * The list in display order. `newest` keeps the API's order (newest first). `due` puts the
 * soonest due date first and todos without one last; ties keep the API's order (the sort is
 * stable). The API pages newest first, so `due` orders the todos loaded so far.
 */
export function sortTodos(todos: readonly Todo[], sort: Sort): Todo[] {
  if (sort === 'newest') return [...todos];
  return [...todos].sort((a, b) => {
    if (a.dueDate === b.dueDate) return 0;
    if (a.dueDate === null) return 1;
    if (b.dueDate === null) return -1;
    return a.dueDate < b.dueDate ? -1 : 1;
  });
}
