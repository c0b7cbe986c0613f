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
 * A button whose action asks once more (`question`, then `confirmLabel` / Keep) before `onConfirm`
 * runs: Delete on a list item, "Clear completed" on the todos. `children` (the item's other actions)
 * show while it is not asking; a disabled button stops asking.
 */
export function ConfirmedAction({
  label,
  question,
  confirmLabel,
  onConfirm,
  quiet,
  disabled,
  ariaLabel,
  describedBy,
  testId,
  confirmTestId,
  children,
}: {
  label: string;
  question: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  /** A quiet button (the question's own button is the red one). */
  quiet?: boolean;
  disabled?: boolean;
  ariaLabel?: string;
  describedBy?: string;
  testId: string;
  confirmTestId: string;
  children?: ReactNode;
}) {
  const [confirming, setConfirming] = useState(false);
  return (
    <span className="todo-actions">
      {confirming && !disabled ? (
        <>
          <span className="small">{question}</span>
          <button
            type="button"
            className="button button-danger button-small"
            onClick={() => {
              setConfirming(false);
              onConfirm();
            }}
            data-testid={confirmTestId}
          >
            {confirmLabel}
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
            className={`button ${quiet ? 'button-quiet' : 'button-danger'} button-small`}
            onClick={() => setConfirming(true)}
            disabled={disabled}
            data-testid={testId}
            aria-label={ariaLabel}
            aria-describedby={describedBy}
          >
            {label}
          </button>
        </>
      )}
    </span>
  );
}

/** An item's actions, ending with a Delete that asks once more ("Delete for good?" Delete / Keep). */
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
  return (
    <ConfirmedAction
      label="Delete"
      question="Delete for good?"
      confirmLabel="Delete"
      onConfirm={onDelete}
      disabled={deleteDisabled}
      ariaLabel={deleteLabel}
      describedBy={describedBy}
      testId={deleteTestId}
      confirmTestId={confirmTestId}
    >
      {children}
    </ConfirmedAction>
  );
}
