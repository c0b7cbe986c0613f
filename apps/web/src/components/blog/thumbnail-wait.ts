import type { ImageStatusView } from '@app/core/posts';
import type { AppContextValue } from '@/components/app-context';
import { ApiError, isSessionProblem } from '@/lib/api';
import { publicMediaUrl, thumbnailKeyFor } from '@/lib/media';

const THUMBNAIL_WAIT_MS = 30_000;

/** Public URLs of an upload's thumbnails (`w320` for the cover preview, `w1280` for the post). */
export interface ThumbnailUrls {
  w320: string;
  w1280: string;
}

export type ThumbnailOutcome =
  | { kind: 'ready'; urls: ThumbnailUrls }
  | { kind: 'failed'; reason: string }
  | { kind: 'timeout' };

function urlsOf(
  config: AppContextValue['config'],
  uploadKey: string,
  fromApi: Record<string, string | null>,
): ThumbnailUrls | null {
  const w320 = fromApi.w320 ?? thumbnailKeyFor(uploadKey, 320);
  const w1280 = fromApi.w1280 ?? thumbnailKeyFor(uploadKey, 1280);
  return w320 && w1280 ? { w320: publicMediaUrl(config, w320), w1280: publicMediaUrl(config, w1280) } : null;
}

/**
 * Waits for the thumbnail Lambda, asking once a second for up to 30 s: the API's
 * GET /media/status says ready or failed (with the reason); if that route cannot answer, the
 * public thumbnail URL itself is tried. Throws only for a lost session.
 */
export async function waitForThumbnail(
  { api, config }: Pick<AppContextValue, 'api' | 'config'>,
  uploadKey: string,
  signal: AbortSignal,
): Promise<ThumbnailOutcome> {
  const derived = urlsOf(config, uploadKey, {});
  const deadline = Date.now() + THUMBNAIL_WAIT_MS;
  let useApi = true;
  while (Date.now() < deadline && !signal.aborted) {
    try {
      if (useApi) {
        const path = `/media/status?key=${encodeURIComponent(uploadKey)}`;
        const { body } = await api<ImageStatusView>('GET', path, { signal });
        const urls = urlsOf(config, uploadKey, body.thumbnails);
        if (body.status === 'ready' && urls) return { kind: 'ready', urls };
        if (body.status === 'failed')
          return { kind: 'failed', reason: body.reason ?? 'the image could not be processed' };
      } else if (derived) {
        const response = await fetch(derived.w320, { cache: 'no-store', signal });
        if (response.ok) return { kind: 'ready', urls: derived };
      }
    } catch (error) {
      if (signal.aborted) break;
      if (isSessionProblem(error)) throw error;
      // The status route is missing or failing: watch the public URL instead.
      if (error instanceof ApiError) useApi = false;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { kind: 'timeout' };
}
