'use client';

import { POST_COVER_ALT_MAX_CHARS } from '@app/core/limits';
import type { Dispatch } from 'react';
import { CharCounter } from '@/components/char-counter';
import { formatBytes } from '@/lib/format';
import { type Cover, coverKeyOf, type EditorAction } from './editor-state';
import { UploadStatus } from './upload-status';
import type { useCoverUpload } from './use-cover-upload';
import { IMAGE_TYPES, IMAGE_TYPES_TEXT, MAX_IMAGE_BYTES } from './use-image-upload';

type CoverUpload = ReturnType<typeof useCoverUpload>;

function CoverPreview({ cover }: { cover: Cover }) {
  if (cover.state === 'ready' && cover.thumbnailUrl) {
    return (
      // biome-ignore lint/performance/noImgElement: the thumbnail is served by S3 as it is
      <img
        className="cover-preview"
        src={cover.thumbnailUrl}
        alt="Cover thumbnail"
        data-testid="cover-thumbnail"
      />
    );
  }
  const localUrl =
    cover.state === 'uploading' || cover.state === 'processing' || cover.state === 'waiting'
      ? cover.localUrl
      : null;
  if (localUrl) {
    return (
      // biome-ignore lint/performance/noImgElement: a local object URL of the chosen file
      <img
        className="cover-preview"
        src={localUrl}
        alt="Preview of the chosen file"
        style={{ opacity: 0.55 }}
        data-testid="cover-local-preview"
      />
    );
  }
  return <div className="cover-preview">No cover image</div>;
}

function CoverStatus({ cover, upload }: { cover: Cover; upload: CoverUpload }) {
  if (cover.state === 'uploading') {
    return (
      <UploadStatus
        id={cover.uploadId}
        uploads={upload}
        progressTestId="cover-progress"
        cancelTestId="cover-cancel"
      />
    );
  }
  if (cover.state === 'processing') {
    return (
      <p className="muted small" role="status" data-testid="cover-processing" style={{ margin: 0 }}>
        Uploaded. Making the thumbnail…
      </p>
    );
  }
  if (cover.state === 'waiting') {
    return (
      <p className="small" role="status" data-testid="cover-waiting" style={{ margin: 0 }}>
        The thumbnail is not ready yet (the image is saved with the post).{' '}
        <button
          type="button"
          className="button-link"
          onClick={() => void upload.pollThumbnail(cover.key, cover.localUrl)}
        >
          Check again
        </button>
      </p>
    );
  }
  if (cover.state === 'failed') {
    return (
      <p className="field-error" role="alert" data-testid="cover-error" style={{ margin: 0 }}>
        {cover.message}
      </p>
    );
  }
  return null;
}

function CoverAltField({ value, dispatch }: { value: string; dispatch: Dispatch<EditorAction> }) {
  return (
    <div className="field" style={{ margin: 0 }}>
      <label htmlFor="cover-alt">Describe the image (alt text)</label>
      <input
        id="cover-alt"
        type="text"
        value={value}
        onChange={(e) => dispatch({ type: 'edited', field: 'coverAlt', value: e.target.value })}
        aria-describedby="cover-alt-hint cover-alt-count"
        data-testid="editor-cover-alt"
      />
      <span className="row">
        <span className="hint" id="cover-alt-hint">
          What a reader who cannot see it should know, e.g. “Tomatoes ripening on a windowsill”.
        </span>
        <span className="spacer" />
        <CharCounter id="cover-alt-count" value={value} max={POST_COVER_ALT_MAX_CHARS} />
      </span>
    </div>
  );
}

/** The cover image: preview, upload progress and thumbnail state, choose/replace/remove, alt text. */
export function CoverPicker({
  cover,
  coverAlt,
  upload,
  dispatch,
}: {
  cover: Cover;
  coverAlt: string;
  upload: CoverUpload;
  dispatch: Dispatch<EditorAction>;
}) {
  const coverKey = coverKeyOf(cover);
  const uploading = cover.state === 'uploading';
  return (
    <div className="field">
      <span className="label" id="cover-label">
        Cover image
      </span>
      <div className="cover-box">
        <div>
          <CoverPreview cover={cover} />
        </div>
        <div aria-live="polite" className="stack" style={{ minWidth: 0 }}>
          <CoverStatus cover={cover} upload={upload} />
          <div className="row">
            <span className="file-picker">
              <label
                htmlFor="cover-input"
                className="button button-quiet button-small"
                aria-disabled={uploading}
              >
                {coverKey ? 'Replace image' : 'Choose image'}
              </label>
              <input
                id="cover-input"
                type="file"
                accept={IMAGE_TYPES}
                className="visually-hidden"
                aria-labelledby="cover-label"
                disabled={uploading}
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = '';
                  if (file) void upload.choose(file);
                }}
                data-testid="cover-input"
              />
            </span>
            {coverKey ? (
              <button
                type="button"
                className="button button-quiet button-small"
                onClick={upload.remove}
                data-testid="cover-remove"
              >
                Remove
              </button>
            ) : null}
          </div>
          <span className="hint">
            {IMAGE_TYPES_TEXT}, up to {formatBytes(MAX_IMAGE_BYTES)}.
          </span>
          {coverKey || uploading ? <CoverAltField value={coverAlt} dispatch={dispatch} /> : null}
        </div>
      </div>
    </div>
  );
}
