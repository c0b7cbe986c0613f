import Link from 'next/link';
import type { ReactNode } from 'react';

type Kind = 'error' | 'success' | 'info' | 'warning';

/** Status and error messages; errors are announced at once, the rest politely. */
export function Notice({
  kind = 'info',
  children,
  testId,
  onDismiss,
}: {
  kind?: Kind;
  children: ReactNode;
  testId?: string;
  onDismiss?: () => void;
}) {
  return (
    <div
      className={`notice notice-${kind}`}
      role={kind === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      <div className="notice-body">{children}</div>
      {onDismiss ? (
        <button type="button" className="notice-dismiss" onClick={onDismiss} aria-label="Dismiss message">
          ×
        </button>
      ) : null}
    </div>
  );
}

/** For an expired session: words and a way back, never a stack trace. */
export function SessionExpiredNotice({ next }: { next?: string }) {
  const href = next
    ? `/signin?${new URLSearchParams({ next, reason: 'expired' }).toString()}`
    : '/signin?reason=expired';
  return (
    <Notice kind="warning" testId="session-expired">
      Your session has expired. <Link href={href}>Sign in again</Link> to continue.
    </Notice>
  );
}

export function ProgressBar({
  value,
  max,
  label,
  testId,
}: {
  value: number;
  max: number;
  label: string;
  testId?: string;
}) {
  const percent = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div className="progress" data-testid={testId}>
      <progress value={percent} max={100} aria-label={label}>
        {percent}%
      </progress>
      <span className="progress-text" aria-hidden="true">
        {percent}%
      </span>
    </div>
  );
}

/** A page or list still loading. */
export function LoadingStatus({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p className="page-status" role="status" data-testid={testId}>
      {children}
    </p>
  );
}

/** An upload in progress, with a way to stop it. */
export function UploadProgress({
  name,
  loaded,
  total,
  onCancel,
  progressTestId,
  cancelTestId,
}: {
  name: string;
  loaded: number;
  total: number;
  onCancel?: () => void;
  progressTestId: string;
  cancelTestId: string;
}) {
  return (
    <>
      <ProgressBar value={loaded} max={total} label={`Uploading ${name}`} testId={progressTestId} />
      <button
        type="button"
        className="button button-quiet button-small"
        onClick={onCancel}
        data-testid={cancelTestId}
        aria-label={`Cancel upload of ${name}`}
      >
        Cancel
      </button>
    </>
  );
}
