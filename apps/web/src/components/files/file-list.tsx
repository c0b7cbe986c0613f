'use client';

import { ItemActions } from '@/components/list';
import { formatBytes, formatDate } from '@/lib/format';
import type { StoredFile } from './use-files';

export function FileList({
  files,
  busyKeys,
  onDownload,
  onDelete,
}: {
  files: StoredFile[];
  busyKeys: ReadonlySet<string>;
  onDownload(file: StoredFile): void;
  onDelete(file: StoredFile): void;
}) {
  if (files.length === 0) {
    return (
      <p className="empty" data-testid="files-empty">
        No files yet. Upload one above.
      </p>
    );
  }
  return (
    <ul className="list" data-testid="file-list" aria-label="Your files">
      {files.map((f) => {
        const busy = busyKeys.has(f.key);
        return (
          <li key={f.key} data-testid="file-item" data-name={f.name} data-key={f.key}>
            <span className="file-name" data-testid="file-name">
              {f.name}
            </span>
            <span className="file-meta">
              {formatBytes(f.size)} · {formatDate(f.lastModified, true)}
            </span>
            <ItemActions
              onDelete={() => onDelete(f)}
              deleteLabel={`Delete ${f.name}`}
              deleteDisabled={busy}
              deleteTestId="file-delete"
              confirmTestId="file-delete-confirm"
            >
              <button
                type="button"
                className="button button-quiet button-small"
                onClick={() => !busy && onDownload(f)}
                aria-disabled={busy || undefined}
                data-testid="file-download"
                aria-label={`Download ${f.name}`}
              >
                {busy ? 'Working…' : 'Download'}
              </button>
            </ItemActions>
          </li>
        );
      })}
    </ul>
  );
}

/** "notes.txt is already in your files": replace it, keep both (as "notes (2).txt"), or skip. */
export function NameConflict({
  name,
  onReplace,
  onKeepBoth,
  onSkip,
}: {
  name: string;
  onReplace(): void;
  onKeepBoth(): void;
  onSkip(): void;
}) {
  return (
    <fieldset className="notice notice-info" data-testid="file-conflict">
      <legend className="visually-hidden">File name already used</legend>
      <p style={{ margin: 0 }}>
        <strong>{name}</strong> is already in your files. Replace it, or keep both?
      </p>
      <div className="row">
        <button
          type="button"
          className="button button-small"
          onClick={onKeepBoth}
          data-testid="file-conflict-keep-both"
        >
          Keep both
        </button>
        <button
          type="button"
          className="button button-danger button-small"
          onClick={onReplace}
          data-testid="file-conflict-replace"
        >
          Replace
        </button>
        <button
          type="button"
          className="button button-quiet button-small"
          onClick={onSkip}
          data-testid="file-conflict-skip"
        >
          Don’t upload
        </button>
      </div>
    </fieldset>
  );
}
