'use client';

import { uploadKey } from '@app/images/s3-keys';
import { useCallback } from 'react';
import { useApp } from '@/components/app-context';
import { formatBytes } from '@/lib/format';
import { sanitizeFileName } from '@/lib/s3';
import { type UploadOutcome, useS3Upload } from '@/lib/use-s3-upload';
import { type ThumbnailOutcome, waitForThumbnail } from './thumbnail-wait';

export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
export const IMAGE_TYPES = 'image/jpeg,image/png,image/webp,image/gif,image/avif';
export const IMAGE_TYPES_TEXT = 'JPEG, PNG, WebP, GIF or AVIF';

/** Why `file` cannot be a blog image (wrong type, too large), or null when it can. */
export function imageProblem(file: Pick<File, 'type' | 'size'>): string | null {
  if (!file.type.startsWith('image/')) return `Choose an image file (${IMAGE_TYPES_TEXT}).`;
  if (file.size > MAX_IMAGE_BYTES)
    return `That image is ${formatBytes(file.size)}; the limit is ${formatBytes(MAX_IMAGE_BYTES)}.`;
  return null;
}

/**
 * The editor's image uploads (cover and body images): the one upload flow of the app
 * (`useS3Upload`, as My files) into the user's `uploads/{userId}/` prefix of the media bucket,
 * then a wait for the thumbnail Lambda's output.
 */
export function useImageUpload() {
  const app = useApp();
  const { uploads, start, cancel, dismiss } = useS3Upload();
  const { config } = app;

  /** Starts uploading `file` (checked with `imageProblem` first); `done` has the upload key. */
  const upload = useCallback(
    (file: File): { id: string; done: Promise<UploadOutcome> } =>
      start({
        file,
        bucket: config.buckets.media,
        key: (access) =>
          uploadKey(access.userId, `${Date.now().toString(36)}-${sanitizeFileName(file.name)}`),
      }),
    [start, config],
  );

  const thumbnail = useCallback(
    (key: string, signal: AbortSignal): Promise<ThumbnailOutcome> => waitForThumbnail(app, key, signal),
    [app],
  );

  /** The progress of upload `id` (while it is on the list). */
  const progress = useCallback((id: string) => uploads.find((u) => u.id === id), [uploads]);

  return { upload, thumbnail, progress, cancel, dismiss };
}
