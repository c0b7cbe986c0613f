import type { S3Client } from '@aws-sdk/client-s3';
import type { XhrHttpHandler } from '@aws-sdk/xhr-http-handler';
import type { S3Access } from './s3';

/** Where one upload goes. */
export interface UploadTarget {
  bucket: string;
  key: string;
  file: File;
}

export type Progress = (loaded: number, total: number) => void;

// Files up to this size go up in one PutObject; larger ones in parts (lib-storage).
const PART_SIZE = 64 * 1024 * 1024;

// XhrHttpHandler.EVENTS, without loading the handler's module up front.
const UPLOAD_PROGRESS = 'xhr.upload.progress';
const BEFORE_XHR_SEND = 'before.xhr.send';

/**
 * Sends `target.file` to S3 on the SDK's XMLHttpRequest handler (fetch() cannot report upload
 * progress): resolves once S3 has stored it, rejects with an `AbortError` once `signal` has stopped
 * it. Every request of the upload ends when `signal` aborts — lib-storage sends its parts without a
 * signal, so they are aborted here (the SDK's `after.xhr.new`/`before.xhr.send` events exist for this).
 */
export async function sendFile(
  access: S3Access,
  target: UploadTarget,
  signal: AbortSignal,
  progress: Progress,
): Promise<void> {
  const { client, handler } = access.uploadClient();
  const live = new Set<XMLHttpRequest>();
  handler.on(BEFORE_XHR_SEND, (xhr: XMLHttpRequest) => {
    live.add(xhr);
    xhr.addEventListener('loadend', () => live.delete(xhr));
  });
  const stop = () => {
    for (const xhr of live) xhr.abort();
  };
  signal.addEventListener('abort', stop, { once: true });
  try {
    if (target.file.size <= PART_SIZE) await putObject(client, handler, target, signal, progress);
    else await multipartUpload(client, target, signal, progress);
  } finally {
    signal.removeEventListener('abort', stop);
    client.destroy();
  }
}

function params({ bucket, key, file }: UploadTarget) {
  return { Bucket: bucket, Key: key, ContentType: file.type || 'application/octet-stream' };
}

/**
 * One PutObject, stopped through the SDK's own `abortSignal`, progress by the byte. The body is the
 * File itself, as XMLHttpRequest sends it from disk (with an in-memory byte body instead, Chromium's
 * DevTools upload throttling did not slow the request at all: the journey saw a 3 MB upload finish
 * before its progress could be seen). Its SHA-256 goes along up front, so the SDK sends a checksum
 * header rather than an aws-chunked stream (which XMLHttpRequest cannot send) and S3 refuses a body
 * that arrives damaged.
 */
async function putObject(
  client: S3Client,
  handler: XhrHttpHandler,
  target: UploadTarget,
  signal: AbortSignal,
  progress: Progress,
): Promise<void> {
  const [{ PutObjectCommand }, checksum] = await Promise.all([
    import('@aws-sdk/client-s3'),
    sha256Base64(target.file),
  ]);
  const onProgress = (event: ProgressEvent) => progress(event.loaded, target.file.size);
  handler.on(UPLOAD_PROGRESS, onProgress);
  try {
    await client.send(
      new PutObjectCommand({ ...params(target), Body: target.file, ChecksumSHA256: checksum }),
      { abortSignal: signal },
    );
  } finally {
    handler.off(UPLOAD_PROGRESS, onProgress);
  }
}

async function sha256Base64(file: File): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  return btoa(String.fromCharCode(...digest));
}

/** A multipart upload, two parts at a time; a stopped one is aborted (no parts left behind). */
async function multipartUpload(
  client: S3Client,
  target: UploadTarget,
  signal: AbortSignal,
  progress: Progress,
): Promise<void> {
  const { Upload } = await import('@aws-sdk/lib-storage');
  const abortController = new AbortController();
  const upload = new Upload({
    client,
    params: { ...params(target), Body: target.file },
    partSize: PART_SIZE,
    queueSize: 2,
    leavePartsOnError: false,
    abortController,
  });
  signal.addEventListener('abort', () => abortController.abort(), { once: true });
  upload.on('httpUploadProgress', (p) => progress(p.loaded ?? 0, p.total ?? target.file.size));
  await upload.done();
}

/**
 * Makes sure a cancelled upload to a new key leaves nothing: S3 may have received the whole body
 * before the abort reached it, and then stores the object although the browser saw no answer.
 * Deleting a key that was never written is a no-op; a second look catches a store that finished
 * after the first delete.
 */
export async function discardUpload(access: S3Access, bucket: string, key: string): Promise<void> {
  const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
  const remove = () => access.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  await remove();
  const stillThere = (await storedETag(access, bucket, key).catch(() => undefined)) !== undefined;
  if (stillThere) await remove();
}

/** The ETag `key` holds now; undefined when there is no such object. */
export async function storedETag(access: S3Access, bucket: string, key: string): Promise<string | undefined> {
  const { HeadObjectCommand } = await import('@aws-sdk/client-s3');
  try {
    const head = await access.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return head.ETag ?? '';
  } catch (e) {
    if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
      return undefined;
    throw e;
  }
}
