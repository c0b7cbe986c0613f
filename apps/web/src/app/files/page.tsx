'use client';

import { type DragEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useApp } from '@/components/app-context';
import { ItemActions } from '@/components/list';
import { type Message, MessageRegion } from '@/components/message-region';
import { LoadingStatus, Notice, SessionExpiredNotice, UploadProgress } from '@/components/notice';
import { RequireAuth } from '@/components/require-auth';
import { SessionExpiredError } from '@/lib/auth';
import { formatBytes, formatDate } from '@/lib/format';
import { type S3Access, toStorageError } from '@/lib/s3';
import { useBusyIds } from '@/lib/use-busy-ids';

interface StoredFile {
  key: string;
  name: string;
  size: number;
  lastModified: Date | null;
}

interface UploadRow {
  id: string;
  name: string;
  loaded: number;
  total: number;
  status: 'uploading' | 'done' | 'error' | 'cancelled';
  error?: string;
  cancel?: () => void;
}

const MAX_FILE_BYTES = 200 * 1024 * 1024;
// Files up to this size go up in one PUT (with byte-level progress); larger ones in parts.
const PART_SIZE = 64 * 1024 * 1024;

/** Keeps the user's file name, minus what would break the key (slashes, control characters). */
function keyName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const cleaned = name.replace(/[/\\\u0000-\u001f\u007f]+/g, '-').trim();
  return cleaned.slice(-200) || 'file';
}

function FilesView() {
  const { s3, config } = useApp();
  const [access, setAccess] = useState<S3Access | null>(null);
  const [files, setFiles] = useState<StoredFile[]>([]);
  const [loadState, setLoadState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<Error | null>(null);
  const [uploads, setUploads] = useState<UploadRow[]>([]);
  const [message, setMessage] = useState<Message | null>(null);
  const [busyKeys, setBusy] = useBusyIds();
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const refresh = useCallback(
    async (a: S3Access) => {
      const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
      const found: StoredFile[] = [];
      let token: string | undefined;
      const base = `private/${a.identityId}/`;
      do {
        const page = await a.client.send(
          new ListObjectsV2Command({ Bucket: config.buckets.files, Prefix: base, ContinuationToken: token }),
        );
        for (const o of page.Contents ?? []) {
          if (!o.Key || o.Key === base) continue;
          found.push({
            key: o.Key,
            name: o.Key.slice(base.length),
            size: o.Size ?? 0,
            lastModified: o.LastModified ?? null,
          });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      found.sort((x, y) => (y.lastModified?.getTime() ?? 0) - (x.lastModified?.getTime() ?? 0));
      setFiles(found);
    },
    [config.buckets.files],
  );

  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const a = await s3();
        if (cancelled) return;
        setAccess(a);
        await refresh(a);
        if (!cancelled) setLoadState('ready');
      } catch (e) {
        if (cancelled) return;
        setError(toStorageError(e));
        setLoadState('error');
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [s3, refresh]);

  const updateUpload = (id: string, patch: Partial<UploadRow>) =>
    setUploads((rows) => rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));

  function storageFailure(what: string, e: unknown) {
    const err = toStorageError(e);
    if (err instanceof SessionExpiredError) setError(err);
    setMessage({ kind: 'error', text: `${what}: ${err.message}` });
  }

  async function uploadOne(a: S3Access, file: File) {
    const id = crypto.randomUUID();
    const name = keyName(file.name);
    if (file.size > MAX_FILE_BYTES) {
      setUploads((rows) => [
        ...rows,
        {
          id,
          name,
          loaded: 0,
          total: file.size,
          status: 'error',
          error: `Larger than ${formatBytes(MAX_FILE_BYTES)}.`,
        },
      ]);
      return;
    }
    const { Upload } = await import('@aws-sdk/lib-storage');
    const { client, handler } = a.uploadClient();
    const upload = new Upload({
      client,
      params: {
        Bucket: config.buckets.files,
        Key: `private/${a.identityId}/${name}`,
        Body: file,
        ContentType: file.type || 'application/octet-stream',
      },
      partSize: PART_SIZE,
      queueSize: 2,
      leavePartsOnError: false,
    });
    let cancelled = false;
    const cancel = () => {
      cancelled = true;
      void upload.abort();
      handler.abortAll();
    };
    setUploads((rows) => [...rows, { id, name, loaded: 0, total: file.size, status: 'uploading', cancel }]);
    upload.on('httpUploadProgress', (p) => {
      if (!cancelled) updateUpload(id, { loaded: p.loaded ?? 0, total: p.total ?? file.size });
    });
    try {
      await upload.done();
      if (cancelled) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
      updateUpload(id, { status: 'done', loaded: file.size, total: file.size, cancel: undefined });
    } catch (e) {
      if (cancelled || (e as Error).name === 'AbortError') {
        updateUpload(id, { status: 'cancelled', cancel: undefined });
      } else {
        const err = toStorageError(e);
        if (err instanceof SessionExpiredError) setError(err);
        updateUpload(id, { status: 'error', error: err.message, cancel: undefined });
      }
    } finally {
      client.destroy();
    }
  }

  async function startUploads(list: FileList | File[]) {
    if (!access) return;
    const chosen = Array.from(list);
    if (chosen.length === 0) return;
    setMessage(null);
    await Promise.all(chosen.map((f) => uploadOne(access, f)));
    try {
      await refresh(access);
    } catch (e) {
      storageFailure('Could not refresh the list', e);
    }
    if (fileInput.current) fileInput.current.value = '';
  }

  async function download(file: StoredFile) {
    if (!access) return;
    setBusy(file.key, true);
    setMessage(null);
    try {
      const { GetObjectCommand } = await import('@aws-sdk/client-s3');
      const object = await access.client.send(
        new GetObjectCommand({ Bucket: config.buckets.files, Key: file.key }),
      );
      const bytes = await object.Body?.transformToByteArray();
      const blob = new Blob([(bytes ?? new Uint8Array()) as Uint8Array<ArrayBuffer>], {
        type: object.ContentType || 'application/octet-stream',
      });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = file.name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      storageFailure(`Could not download ${file.name}`, e);
    } finally {
      setBusy(file.key, false);
    }
  }

  async function remove(file: StoredFile) {
    if (!access) return;
    setBusy(file.key, true);
    setMessage(null);
    try {
      const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
      await access.client.send(new DeleteObjectCommand({ Bucket: config.buckets.files, Key: file.key }));
      setFiles((current) => current.filter((f) => f.key !== file.key));
      setMessage({ kind: 'success', text: `Deleted ${file.name}.` });
    } catch (e) {
      storageFailure(`Could not delete ${file.name}`, e);
    } finally {
      setBusy(file.key, false);
    }
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    void startUploads(event.dataTransfer.files);
  }

  const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  const sessionLost = error instanceof SessionExpiredError;

  return (
    <div>
      <title>My files · MyTodoList + MyBlog</title>
      <div className="page-head">
        <h1>My files</h1>
        {loadState === 'ready' ? (
          <p data-testid="files-summary">
            {files.length} {files.length === 1 ? 'file' : 'files'} · {formatBytes(totalBytes)}
          </p>
        ) : null}
      </div>
      <p className="muted" style={{ marginTop: 0 }}>
        Only you can see these files: your browser stores them directly, with your own short-lived
        credentials.
      </p>

      {sessionLost ? <SessionExpiredNotice next="/files" /> : null}
      <MessageRegion message={message} testId="files-message" onDismiss={() => setMessage(null)} />

      {loadState === 'error' && !sessionLost ? (
        <Notice kind="error" testId="files-error">
          Could not open your files: {error?.message}
        </Notice>
      ) : null}

      {loadState !== 'error' ? (
        // biome-ignore lint/a11y/noStaticElementInteractions: drop target only; the button inside is the keyboard path
        <div
          className={`dropzone${dragging ? ' dragging' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <span className="file-picker">
            <label htmlFor="file-input" className="button" aria-disabled={!access}>
              Choose files to upload
            </label>
            <input
              id="file-input"
              ref={fileInput}
              type="file"
              multiple
              className="visually-hidden"
              disabled={!access}
              onChange={(e) => e.target.files && void startUploads(e.target.files)}
              data-testid="files-input"
            />
          </span>
          <span className="muted small">…or drop them here. Up to {formatBytes(MAX_FILE_BYTES)} each.</span>
        </div>
      ) : null}

      {uploads.length > 0 ? (
        <section aria-label="Uploads" className="stack" style={{ marginBottom: '1rem' }}>
          <div className="row">
            <h2 style={{ margin: 0 }}>Uploads</h2>
            <span className="spacer" />
            {uploads.some((u) => u.status !== 'uploading') ? (
              <button
                type="button"
                className="button button-quiet button-small"
                onClick={() => setUploads((rows) => rows.filter((r) => r.status === 'uploading'))}
              >
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
                    onCancel={u.cancel}
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
      ) : null}

      {loadState === 'loading' ? (
        <LoadingStatus>Loading your files…</LoadingStatus>
      ) : loadState === 'ready' ? (
        files.length === 0 ? (
          <p className="empty" data-testid="files-empty">
            No files yet. Upload one above.
          </p>
        ) : (
          <ul className="list" data-testid="file-list" aria-label="Your files">
            {files.map((f) => {
              const busy = busyKeys.has(f.key);
              return (
                <li key={f.key} data-testid="file-item" data-name={f.name}>
                  <span className="file-name" data-testid="file-name">
                    {f.name}
                  </span>
                  <span className="file-meta">
                    {formatBytes(f.size)} · {formatDate(f.lastModified, true)}
                  </span>
                  <ItemActions
                    onDelete={() => void remove(f)}
                    deleteLabel={`Delete ${f.name}`}
                    deleteDisabled={busy}
                    deleteTestId="file-delete"
                    confirmTestId="file-delete-confirm"
                  >
                    <button
                      type="button"
                      className="button button-quiet button-small"
                      onClick={() => void download(f)}
                      disabled={busy}
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
        )
      ) : null}
    </div>
  );
}

export default function FilesPage() {
  return (
    <RequireAuth>
      <FilesView />
    </RequireAuth>
  );
}
