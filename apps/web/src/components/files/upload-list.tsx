'use client';

import { UploadProgress } from '@/components/notice';
import { formatBytes } from '@/lib/format';
import type { UploadItem } from '@/lib/use-s3-upload';

/**
 * Uploads in progress, and the ones that did not make it (failed, cancelled). A finished upload
 * leaves this list: it shows in the file list instead, once.
 */
export function UploadList({
  uploads,
  onCancel,
  onClearFinished,
}: {
  uploads: UploadItem[];
  onCancel(id: string): void;
  onClearFinished(): void;
}) {
  if (uploads.length === 0) return null;
  return (
    <section aria-label="Uploads" className="stack" style={{ marginBottom: '1rem' }}>
      <div className="row">
        <h2 style={{ margin: 0 }}>Uploads</h2>
        <span className="spacer" />
        {uploads.some((u) => u.status !== 'uploading') ? (
          <button type="button" className="button button-quiet button-small" onClick={onClearFinished}>
            Clear finished
          </button>
        ) : null}
      </div>
      <ul className="list" data-testid="upload-list">
        {uploads.map((u) => (
          <li
            key={u.id}
            className="upload-item"
            data-testid="upload-item"
            data-status={u.status}
            data-name={u.name}
          >
            <span className="file-name">{u.name}</span>
            {u.status === 'uploading' ? (
              <UploadProgress
                name={u.name}
                loaded={u.loaded}
                total={u.total}
                onCancel={() => onCancel(u.id)}
                progressTestId="upload-progress"
                cancelTestId="upload-cancel"
              />
            ) : (
              <span
                className={u.status === 'error' ? 'field-error' : 'muted small'}
                data-testid="upload-status"
                role={u.status === 'error' ? 'alert' : undefined}
              >
                {u.status === 'done'
                  ? `Uploaded · ${formatBytes(u.total)}`
                  : u.status === 'cancelled'
                    ? 'Cancelled'
                    : `Failed: ${u.error}`}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
