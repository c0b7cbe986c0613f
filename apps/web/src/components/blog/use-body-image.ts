'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { SessionExpiredError } from '@/lib/auth';
import { type ImageSize, withImageSize } from '@/lib/media';
import { imageProblem, useImageUpload } from './use-image-upload';

export type BodyImagePhase =
  | { kind: 'idle' }
  | { kind: 'uploading'; id: string }
  | { kind: 'processing' }
  /** `url`: the large thumbnail, what the post shows; `preview`: the small one, for the dialog. */
  | { kind: 'ready'; url: string; preview: string }
  | { kind: 'failed'; message: string };

/** The size of the image at `url` as the browser decodes it; null if it cannot be read. */
async function decodedSize(url: string): Promise<ImageSize | null> {
  const image = new Image();
  image.src = url;
  try {
    await image.decode();
    return { width: image.naturalWidth, height: image.naturalHeight };
  } catch {
    return null;
  }
}

/** One body image: upload (progress, cancel), then the thumbnail's public URL to insert. */
export function useBodyImage(onSessionLost: () => void) {
  const images = useImageUpload();
  const { upload, dismiss, thumbnail, cancel } = images;
  const [phase, setPhase] = useState<BodyImagePhase>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const uploadId = useRef<string | null>(null);

  useEffect(() => () => abort.current?.abort(), []);

  const choose = useCallback(
    async (file: File) => {
      const problem = imageProblem(file);
      if (problem) return setPhase({ kind: 'failed', message: problem });
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      const { id, done } = upload(file);
      uploadId.current = id;
      setPhase({ kind: 'uploading', id });
      const outcome = await done;
      dismiss(id);
      uploadId.current = null;
      if (controller.signal.aborted || outcome.status === 'cancelled') return setPhase({ kind: 'idle' });
      if (outcome.status === 'error') {
        if (outcome.error instanceof SessionExpiredError) onSessionLost();
        const message = `The image could not be uploaded: ${outcome.error.message}`;
        return setPhase({ kind: 'failed', message });
      }
      setPhase({ kind: 'processing' });
      const result = await thumbnail(outcome.key, controller.signal).catch(() => {
        onSessionLost();
        return { kind: 'failed', reason: 'your session has expired' } as const;
      });
      if (controller.signal.aborted) return;
      if (result.kind === 'ready') {
        // The post reserves the image's box from the size carried in its URL (no layout shift).
        const size = await decodedSize(result.urls.w1280);
        if (controller.signal.aborted) return;
        const url = size ? withImageSize(result.urls.w1280, size) : result.urls.w1280;
        setPhase({ kind: 'ready', url, preview: result.urls.w320 });
      } else if (result.kind === 'failed')
        setPhase({ kind: 'failed', message: `That image cannot be used: ${result.reason}.` });
      else
        setPhase({
          kind: 'failed',
          message: 'The image is taking too long to process. Try again in a moment.',
        });
    },
    [dismiss, onSessionLost, thumbnail, upload],
  );

  /** Stops whatever is in flight and starts again from nothing. */
  const reset = useCallback(() => {
    abort.current?.abort();
    if (uploadId.current) cancel(uploadId.current);
    setPhase({ kind: 'idle' });
  }, [cancel]);

  return { phase, choose, reset, cancel, progress: images.progress };
}
