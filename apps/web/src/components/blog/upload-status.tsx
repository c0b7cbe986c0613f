'use client';

import { UploadProgress } from '@/components/notice';
import type { UploadItem } from '@/lib/use-s3-upload';

/** What the editor's image uploads (cover and body images) hand their status row. */
export interface ImageUploads {
  progress(id: string): UploadItem | undefined;
  cancel(id: string): void;
}

/** The progress bar and Cancel button of one editor image upload (`id` on `uploads`). */
export function UploadStatus({
  id,
  uploads,
  progressTestId,
  cancelTestId,
}: {
  id: string;
  uploads: ImageUploads;
  progressTestId: string;
  cancelTestId: string;
}) {
  const row = uploads.progress(id);
  return (
    <div className="row">
      <UploadProgress
        name={row?.name ?? 'the image'}
        loaded={row?.loaded ?? 0}
        total={row?.total ?? 1}
        onCancel={() => uploads.cancel(id)}
        progressTestId={progressTestId}
        cancelTestId={cancelTestId}
      />
    </div>
  );
}
