'use client';

import { ConfirmedAction } from '@/components/list';
import { FILTERS, type Filter, SORTS, type Sort, type TodoView } from './todo-view';

/** Show all / open / done, the order, and "Clear completed" (asked once more before it runs). */
export function TodoToolbar({
  view,
  onViewChange,
  doneCount,
  onClearCompleted,
}: {
  view: TodoView;
  onViewChange(view: TodoView): void;
  doneCount: number;
  onClearCompleted(): void;
}) {
  const canClear = doneCount > 0 && view.filter !== 'open';
  return (
    <div className="todo-toolbar">
      <fieldset className="segmented" aria-label="Show" style={{ padding: 0, margin: 0 }}>
        {FILTERS.map((f) => (
          <button
            key={f.value}
            type="button"
            aria-pressed={view.filter === f.value}
            onClick={() => onViewChange({ ...view, filter: f.value as Filter })}
            data-testid={`todo-filter-${f.value}`}
          >
            {f.label}
          </button>
        ))}
      </fieldset>
      <label className="todo-sort small">
        Order{' '}
        <select
          value={view.sort}
          onChange={(e) => onViewChange({ ...view, sort: e.target.value as Sort })}
          data-testid="todo-sort"
        >
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <ConfirmedAction
        label="Clear completed"
        question={`Delete ${doneCount === 1 ? 'the completed todo' : `all ${doneCount} completed todos`} for good?`}
        confirmLabel="Clear"
        onConfirm={onClearCompleted}
        quiet
        disabled={!canClear}
        testId="todo-clear-done"
        confirmTestId="todo-clear-confirm"
      />
    </div>
  );
}
