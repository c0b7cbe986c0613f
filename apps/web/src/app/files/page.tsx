'use client';

import { type DragEvent, useRef, useState } from 'react';
import { useApp } from '@/components/app-context';
import { FileList, NameConflict } from '@/components/files/file-list';
import { UploadList } from '@/components/files/upload-list';
import { filesPrefix, freeName, keyName, type StoredFile, useFiles } from '@/components/files/use-files';
import { type Message, MessageRegion } from '@/components/message-region';
import { LoadingStatus, Notice, SessionExpiredNotice } from '@/components/notice';
import { RequireAuth } from '@/components/require-auth';
import { SessionExpiredError } from '@/lib/auth';
import { focusSoon, inItem } from '@/lib/focus';
import { formatBytes } from '@/lib/format';
import { useBusyIds } from '@/lib/use-busy-ids';
import { useS3Upload } from '@/lib/use-s3-upload';

const MAX_FILE_BYTES = 200 * 1024 * 1024;

interface Conflict {
  file: File;
  name: string;
}

function FilesView() {
  const { config } = useApp();
  const store = useFiles();
  const { access, files, loadState, error } = store;
  const uploader = useS3Upload();
  const [message, setMessage] = useState<Message | null>(null);
  const [busyKeys, setBusy] = useBusyIds();
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  function failure(what: string, e: unknown) {
    setMessage({ kind: 'error', text: `${what}: ${store.storageError(e).message}` });
  }

  /** One upload; when it is done the file joins the list at once (and leaves the upload list). */
  async function upload(file: File, name: string) {
    const { id, done } = uploader.start({
      file,
      name,
      bucket: config.buckets.files,
      key: (a) => `${filesPrefix(a)}${name}`,
    });
    const outcome = await done;
    if (outcome.status === 'done') {
      store.upsert({ key: outcome.key, name, size: file.size, lastModified: new Date() });
      uploader.dismiss(id);
      setMessage({ kind: 'success', text: `Uploaded ${name}.` });
    } else if (outcome.status === 'error') {
      store.storageError(outcome.error);
    }
  }

  function startUploads(chosen: File[]) {
    if (!access || chosen.length === 0) return;
    setMessage(null);
    const taken = new Set([
      ...files.map((f) => f.name),
      ...uploader.uploads.filter((u) => u.status === 'uploading').map((u) => u.name),
    ]);
    const asked: Conflict[] = [];
    for (const file of chosen) {
      const name = keyName(file.name);
      if (file.size > MAX_FILE_BYTES)
        uploader.refuse(name, file.size, `Larger than ${formatBytes(MAX_FILE_BYTES)}.`);
      else if (taken.has(name)) asked.push({ file, name });
      else {
        taken.add(name);
        void upload(file, name);
      }
    }
    if (asked.length > 0) {
      setConflicts((current) => [...current, ...asked]);
      focusSoon('[data-testid="file-conflict-keep-both"]');
    }
    if (fileInput.current) fileInput.current.value = '';
  }

  function resolveConflict(choice: 'replace' | 'keepBoth' | 'skip') {
    const [first, ...rest] = conflicts;
    if (!first) return;
    setConflicts(rest);
    if (choice === 'replace') void upload(first.file, first.name);
    if (choice === 'keepBoth') {
      const taken = new Set([...files.map((f) => f.name), ...uploader.uploads.map((u) => u.name)]);
      void upload(first.file, freeName(first.name, taken));
    }
    focusSoon(...(rest.length > 0 ? ['[data-testid="file-conflict-keep-both"]'] : []), '#file-input');
  }

  async function download(file: StoredFile) {
    setBusy(file.key, true);
    setMessage(null);
    try {
      await store.download(file);
    } catch (e) {
      failure(`Could not download ${file.name}`, e);
    } finally {
      setBusy(file.key, false);
    }
  }

  async function remove(file: StoredFile) {
    const index = files.findIndex((f) => f.key === file.key);
    const neighbour = files[index + 1] ?? files[index - 1];
    setBusy(file.key, true);
    setMessage(null);
    try {
      await store.remove(file);
      setMessage({ kind: 'success', text: `Deleted ${file.name}.` });
      // Stay in the list: the next file's Download button (the deleted row's buttons are gone).
      focusSoon(...(neighbour ? [inItem('key', neighbour.key, 'file-download')] : []), '#file-input');
    } catch (e) {
      failure(`Could not delete ${file.name}`, e);
      focusSoon(inItem('key', file.key, 'file-delete'));
    } finally {
      setBusy(file.key, false);
    }
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    startUploads(Array.from(event.dataTransfer.files));
  }

  const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  const sessionLost = error instanceof SessionExpiredError;

  return (
    <div>
      <title>My files · MyTodoList + MyBlog</title>
      <div className="page-head">
        <h1>My files</h1>
        {loadState === 'ready' ? (
          <p data-testid="files-summary" aria-live="polite">
            {files.length} {files.length === 1 ? 'file' : 'files'} · {formatBytes(totalBytes)}
          </p>
        ) : null}
      </div>
      <p className="muted" style={{ marginTop: 0 }} data-testid="files-intro">
        Only you can see and open these files. They go straight from your browser to your own private folder.
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
              onChange={(e) => e.target.files && startUploads(Array.from(e.target.files))}
              data-testid="files-input"
            />
          </span>
          <span className="muted small">…or drop them here. Up to {formatBytes(MAX_FILE_BYTES)} each.</span>
        </div>
      ) : null}

      {conflicts[0] ? (
        <NameConflict
          name={conflicts[0].name}
          onReplace={() => resolveConflict('replace')}
          onKeepBoth={() => resolveConflict('keepBoth')}
          onSkip={() => resolveConflict('skip')}
        />
      ) : null}

      <UploadList
        uploads={uploader.uploads}
        onCancel={uploader.cancel}
        onClearFinished={uploader.clearFinished}
      />

      {loadState === 'loading' ? (
        <LoadingStatus>Loading your files…</LoadingStatus>
      ) : loadState === 'ready' ? (
        <FileList
          files={files}
          busyKeys={busyKeys}
          onDownload={(f) => void download(f)}
          onDelete={(f) => void remove(f)}
        />
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
