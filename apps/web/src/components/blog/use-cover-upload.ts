'use client';

import { type Dispatch, useCallback, useEffect, useRef } from 'react';
import { SessionExpiredError } from '@/lib/auth';
import type { Cover, EditorAction } from './editor-state';
import { imageProblem, useImageUpload } from './use-image-upload';

/**
 * The cover's life in the editor: choose → upload (progress, cancel) → wait for the thumbnail →
 * ready, failed or "not ready yet" (the key is kept and saved with the post either way).
 * `savedCover` is what a cancelled upload goes back to.
 */
export function useCoverUpload(dispatch: Dispatch<EditorAction>, savedCover: () => Cover) {
  const images = useImageUpload();
  const { upload, thumbnail, dismiss } = images;
  const pollAbort = useRef<AbortController | null>(null);

  useEffect(() => () => pollAbort.current?.abort(), []);

  const set = useCallback(
    (cover: Cover, edited = false) => dispatch({ type: 'coverChanged', cover, edited }),
    [dispatch],
  );

  const pollThumbnail = useCallback(
    async (key: string, localUrl: string | null) => {
      pollAbort.current?.abort();
      const controller = new AbortController();
      pollAbort.current = controller;
      set({ state: 'processing', key, localUrl });
      const outcome = await thumbnail(key, controller.signal).catch(() => {
        dispatch({ type: 'sessionLost' });
        return { kind: 'timeout' as const };
      });
      if (controller.signal.aborted) return;
      if (outcome.kind === 'ready') set({ state: 'ready', key, thumbnailUrl: outcome.urls.w320 });
      else if (outcome.kind === 'failed')
        set({
          state: 'failed',
          message: `That image cannot be used: ${outcome.reason}. Choose another one.`,
        });
      else set({ state: 'waiting', key, localUrl });
    },
    [dispatch, set, thumbnail],
  );

  const choose = useCallback(
    async (file: File) => {
      dispatch({ type: 'message', message: null });
      const problem = imageProblem(file);
      if (problem) return set({ state: 'failed', message: problem });
      pollAbort.current?.abort();
      const localUrl = URL.createObjectURL(file);
      const { id, done } = upload(file);
      set({ state: 'uploading', uploadId: id, localUrl });
      const outcome = await done;
      dismiss(id);
      if (outcome.status === 'cancelled') {
        set(savedCover());
        dispatch({ type: 'message', message: { kind: 'info', text: 'Image upload cancelled.' } });
      } else if (outcome.status === 'error') {
        if (outcome.error instanceof SessionExpiredError) dispatch({ type: 'sessionLost' });
        set({ state: 'failed', message: `The image could not be uploaded: ${outcome.error.message}` });
      } else {
        set({ state: 'processing', key: outcome.key, localUrl }, true);
        await pollThumbnail(outcome.key, localUrl);
      }
    },
    [dispatch, dismiss, pollThumbnail, savedCover, set, upload],
  );

  const remove = useCallback(() => {
    pollAbort.current?.abort();
    set({ state: 'none' }, true);
  }, [set]);

  return { choose, remove, pollThumbnail, progress: images.progress, cancel: images.cancel };
}
