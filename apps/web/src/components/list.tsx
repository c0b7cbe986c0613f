'use client';

import { type ReactNode, useState } from 'react';

/** The button under a list that fetches the next page. */
export function LoadMoreButton({
  onClick,
  busy,
  testId,
  children,
}: {
  onClick: () => void;
  busy: boolean;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <div className="pager">
      <button
        type="button"
        className="button button-quiet"
        onClick={onClick}
        disabled={busy}
        data-testid={testId}
      >
        {busy ? 'Loading…' : children}
      </button>
    </div>
  );
}

/**
 * An item's actions, ending with a Delete that asks once more ("Delete for good?" Delete / Keep)
 * before `onDelete` runs.
 */
export function ItemActions({
  children,
  onDelete,
  deleteLabel,
  describedBy,
  deleteDisabled,
  deleteTestId,
  confirmTestId,
}: {
  children?: ReactNode;
  onDelete: () => void;
  /** Names the item, for screen readers: `Delete “My post”`. */
  deleteLabel: string;
  /** Id of what tells this item apart from others of the same name (status, date…). */
  describedBy?: string;
  deleteDisabled?: boolean;
  deleteTestId: string;
  confirmTestId: string;
}) {
  const [confirming, setConfirming] = useState(false);
  return (
    <span className="todo-actions">
      {confirming ? (
        <>
          <span className="small">Delete for good?</span>
          <button
            type="button"
            className="button button-danger button-small"
            onClick={() => {
              setConfirming(false);
              onDelete();
            }}
            data-testid={confirmTestId}
          >
            Delete
          </button>
          <button
            type="button"
            className="button button-quiet button-small"
            onClick={() => setConfirming(false)}
          >
            Keep
          </button>
        </>
      ) : (
        <>
          {children}
          <button
            type="button"
            className="button button-danger button-small"
            onClick={() => setConfirming(true)}
            disabled={deleteDisabled}
            data-testid={deleteTestId}
            aria-label={deleteLabel}
            aria-describedby={describedBy}
          >
            Delete
          </button>
        </>
      )}
    </span>
  );
}
