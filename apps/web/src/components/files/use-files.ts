'use client';

import { useCallback, useEffect, useState } from 'react';
import { useApp } from '@/components/app-context';
import { SessionExpiredError } from '@/lib/auth';
import { type S3Access, toStorageError } from '@/lib/s3';
import { filesPrefix } from './file-names';

export { filesPrefix, freeName, keyName } from './file-names';

export interface StoredFile {
  key: string;
  name: string;
  size: number;
  lastModified: Date | null;
}

const newestFirst = (x: StoredFile, y: StoredFile) =>
  (y.lastModified?.getTime() ?? 0) - (x.lastModified?.getTime() ?? 0);

/** The user's files in S3: list, download, delete, and `upsert` for a file that just arrived. */
export function useFiles() {
  const { s3, config } = useApp();
  const bucket = config.buckets.files;
  const [access, setAccess] = useState<S3Access | null>(null);
  const [files, setFiles] = useState<StoredFile[]>([]);
  const [loadState, setLoadState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<Error | null>(null);

  const list = useCallback(
    async (a: S3Access) => {
      const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
      const found: StoredFile[] = [];
      const base = filesPrefix(a);
      let token: string | undefined;
      do {
        const page = await a.client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: base, ContinuationToken: token }),
        );
        for (const o of page.Contents ?? []) {
          if (!o.Key || o.Key === base) continue;
          const name = o.Key.slice(base.length);
          found.push({ key: o.Key, name, size: o.Size ?? 0, lastModified: o.LastModified ?? null });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      setFiles(found.sort(newestFirst));
    },
    [bucket],
  );

  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const a = await s3();
        if (cancelled) return;
        setAccess(a);
        await list(a);
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
  }, [s3, list]);

  /** A file that just finished uploading: on top of the list (replacing one of the same name). */
  const upsert = useCallback((file: StoredFile) => {
    setFiles((current) => [file, ...current.filter((f) => f.key !== file.key)]);
  }, []);

  async function download(file: StoredFile): Promise<void> {
    if (!access) return;
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const object = await access.client.send(new GetObjectCommand({ Bucket: bucket, Key: file.key }));
    const bytes = await object.Body?.transformToByteArray();
    const blob = new Blob([(bytes ?? new Uint8Array()) as Uint8Array<ArrayBuffer>], {
      type: object.ContentType || 'application/octet-stream',
    });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = file.name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  async function remove(file: StoredFile): Promise<void> {
    if (!access) return;
    const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
    await access.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: file.key }));
    setFiles((current) => current.filter((f) => f.key !== file.key));
  }

  /** Any failure: its words, and the session marked lost when that is the cause. */
  function storageError(e: unknown): Error {
    const err = toStorageError(e);
    if (err instanceof SessionExpiredError) setError(err);
    return err;
  }

  return { access, files, loadState, error, upsert, download, remove, storageError };
}
