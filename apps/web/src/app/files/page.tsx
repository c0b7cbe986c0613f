'use client';

import { useState } from 'react';
import { FileDropzone } from '@/components/files/file-dropzone';
import { FileList, NameConflict } from '@/components/files/file-list';
import { UploadList } from '@/components/files/upload-list';
import { useFileActions } from '@/components/files/use-file-actions';
import { useFileUploads } from '@/components/files/use-file-uploads';
import { useFiles } from '@/components/files/use-files';
import { type Message, MessageRegion } from '@/components/message-region';
import { LoadingStatus, Notice, SessionExpiredNotice } from '@/components/notice';
import { RequireAuth } from '@/components/require-auth';
import { SessionExpiredError } from '@/lib/auth';
import { formatBytes } from '@/lib/format';

function FilesView() {
  const store = useFiles();
  const { access, files, loadState, error } = store;
  const [message, setMessage] = useState<Message | null>(null);
  const uploads = useFileUploads(store, setMessage);
  const actions = useFileActions(store, setMessage);

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

      {loadState !== 'error' ? <FileDropzone disabled={!access} onFiles={uploads.start} /> : null}

      {uploads.conflict ? (
        <NameConflict
          name={uploads.conflict}
          onReplace={() => uploads.resolve('replace')}
          onKeepBoth={() => uploads.resolve('keepBoth')}
          onSkip={() => uploads.resolve('skip')}
        />
      ) : null}

      <UploadList
        uploads={uploads.uploads}
        onCancel={uploads.cancel}
        onClearFinished={uploads.clearFinished}
      />

      {loadState === 'loading' ? (
        <LoadingStatus>Loading your files…</LoadingStatus>
      ) : loadState === 'ready' ? (
        <FileList
          files={files}
          busyKeys={actions.busyKeys}
          onDownload={(f) => void actions.download(f)}
          onDelete={(f) => void actions.remove(f)}
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
