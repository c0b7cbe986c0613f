'use client';

import { useCallback, useRef, useState } from 'react';
import { useApp } from '@/components/app-context';
import { SessionExpiredError } from './auth';
import { type S3Access, toStorageError } from './s3';
import { discardUpload, sendFile, storedETag } from './s3-upload';

/** One upload as the page shows it. */
export interface UploadItem {
  id: string;
  name: string;
  loaded: number;
  total: number;
  status: 'uploading' | 'done' | 'error' | 'cancelled';
  error?: string;
}

export type UploadOutcome =
  | { status: 'done'; key: string }
  | { status: 'cancelled' }
  | { status: 'error'; error: Error };

export interface UploadRequest {
  file: File;
  bucket: string;
  /** The object key, from the caller's S3 access (its prefix). */
  key(access: S3Access): string;
  /** What the row shows; the file's own name when not given. */
  name?: string;
  /**
   * The key holds a file the user chose to replace. A cancel then never deletes the key: if the new
   * file got there anyway, the outcome says so ('done'); otherwise the old file stays.
   */
  overwrites?: boolean;
}

const abortError = () => Object.assign(new Error('cancelled'), { name: 'AbortError' });

/** Where an upload went, once its request may have reached S3; `before`: the ETag of the file it replaces. */
interface Sent {
  access: S3Access;
  key: string;
  before?: string;
}

/**
 * What a cancel leaves. A new key is taken away again: S3 may have stored the whole body before the
 * abort reached it. A key the user chose to replace is never deleted: if it holds another object
 * than before the upload, the new file got there after all ('done'); otherwise the old one stays.
 */
async function settleCancel(request: UploadRequest, sent: Sent): Promise<'done' | 'cancelled'> {
  if (!request.overwrites) {
    await discardUpload(sent.access, request.bucket, sent.key).catch(() => undefined);
    return 'cancelled';
  }
  const now = await storedETag(sent.access, request.bucket, sent.key).catch(() => sent.before);
  return now !== undefined && now !== sent.before ? 'done' : 'cancelled';
}

/**
 * Browser → S3 uploads with the caller's identity-pool credentials, for both upload flows (My files
 * and the blog editor's images): progress per upload, cancel, and the outcome as a promise, so
 * each page decides what a finished upload means (list it, show its thumbnail, insert it).
 */
export function useS3Upload() {
  const { s3 } = useApp();
  const [uploads, setUploads] = useState<UploadItem[]>([]);
  const cancels = useRef(new Map<string, () => void>());

  const update = useCallback(
    (id: string, patch: Partial<UploadItem>) =>
      setUploads((rows) => rows.map((r) => (r.id === id ? { ...r, ...patch } : r))),
    [],
  );

  /** Shows a file refused before upload (too large, wrong type) as a failed row. */
  const refuse = useCallback((name: string, total: number, error: string) => {
    setUploads((rows) => [
      ...rows,
      { id: crypto.randomUUID(), name, loaded: 0, total, status: 'error', error },
    ]);
  }, []);

  /** Starts an upload at once; `done` settles when it has finished, failed or been cancelled. */
  const start = useCallback(
    (request: UploadRequest): { id: string; done: Promise<UploadOutcome> } => {
      const id = crypto.randomUUID();
      const { file } = request;
      const controller = new AbortController();
      setUploads((rows) => [
        ...rows,
        { id, name: request.name ?? file.name, loaded: 0, total: file.size, status: 'uploading' },
      ]);
      cancels.current.set(id, () => controller.abort());
      const done = (async (): Promise<UploadOutcome> => {
        let sent: Sent | undefined;
        try {
          const access = await s3();
          if (controller.signal.aborted) throw abortError();
          const key = request.key(access);
          const before = request.overwrites ? await storedETag(access, request.bucket, key) : undefined;
          sent = { access, key, before };
          await sendFile(
            access,
            { bucket: request.bucket, key, file },
            controller.signal,
            (loaded, total) => {
              if (!controller.signal.aborted) update(id, { loaded, total });
            },
          );
          // Stored, but the user pressed Cancel meanwhile: a new key is taken away again below.
          if (controller.signal.aborted && !request.overwrites) throw abortError();
          update(id, { status: 'done', loaded: file.size, total: file.size });
          return { status: 'done', key };
        } catch (e) {
          if (controller.signal.aborted || (e as Error).name === 'AbortError') {
            if (sent && (await settleCancel(request, sent)) === 'done') {
              update(id, { status: 'done', loaded: file.size, total: file.size });
              return { status: 'done', key: sent.key };
            }
            update(id, { status: 'cancelled' });
            return { status: 'cancelled' };
          }
          const error = toStorageError(e);
          update(id, { status: 'error', error: error.message });
          return { status: 'error', error };
        } finally {
          cancels.current.delete(id);
        }
      })();
      return { id, done };
    },
    [s3, update],
  );

  const cancel = useCallback((id: string) => cancels.current.get(id)?.(), []);
  /** Takes a row off the screen (e.g. once the file shows in the page's own list). */
  const dismiss = useCallback((id: string) => setUploads((rows) => rows.filter((r) => r.id !== id)), []);
  const clearFinished = useCallback(
    () => setUploads((rows) => rows.filter((r) => r.status === 'uploading')),
    [],
  );

  return { uploads, start, refuse, cancel, dismiss, clearFinished };
}

export function isSessionLost(outcome: UploadOutcome): boolean {
  return outcome.status === 'error' && outcome.error instanceof SessionExpiredError;
}
