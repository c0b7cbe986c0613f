'use client';

import { type FormEvent, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { formatBytes } from '@/lib/format';
import { imageMarkdown } from './markdown-format';
import { UploadStatus } from './upload-status';
import { useBodyImage } from './use-body-image';
import { IMAGE_TYPES, IMAGE_TYPES_TEXT, MAX_IMAGE_BYTES } from './use-image-upload';

function ImageStatus({ image }: { image: ReturnType<typeof useBodyImage> }) {
  const { phase } = image;
  if (phase.kind === 'uploading') {
    return (
      <UploadStatus
        id={phase.id}
        uploads={image}
        progressTestId="image-dialog-progress"
        cancelTestId="image-dialog-cancel-upload"
      />
    );
  }
  if (phase.kind === 'processing') {
    return (
      <p className="muted small" role="status">
        Uploaded. Preparing the image…
      </p>
    );
  }
  if (phase.kind === 'ready') {
    // biome-ignore lint/performance/noImgElement: the thumbnail is served as it is
    return <img className="cover-preview" src={phase.preview} alt="" data-testid="image-dialog-preview" />;
  }
  if (phase.kind === 'failed') {
    return (
      <p className="field-error" role="alert" data-testid="image-dialog-error">
        {phase.message}
      </p>
    );
  }
  return null;
}

/**
 * "Insert image": uploads a picture (the editor's one upload flow), waits for its thumbnail and
 * inserts `![alt](<public thumbnail URL>)` into the body. The alt text is required: a picture in a
 * post must say what it shows. A native modal <dialog> keeps focus inside and closes on Escape.
 */
export function BodyImageDialog({
  open,
  onClose,
  onInsert,
  onSessionLost,
}: {
  open: boolean;
  onClose: () => void;
  onInsert: (markdown: string) => void;
  onSessionLost: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const image = useBodyImage(onSessionLost);
  const { phase } = image;
  const [alt, setAlt] = useState('');
  const [altError, setAltError] = useState<string | null>(null);

  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
    if (!open && dialog.current?.open) dialog.current.close();
  }, [open]);

  function reset() {
    image.reset();
    setAlt('');
    setAltError(null);
  }

  function insert(event: FormEvent) {
    event.preventDefault();
    event.stopPropagation();
    if (phase.kind !== 'ready') return;
    if (!alt.trim()) return setAltError('Describe the image: readers who cannot see it hear this instead.');
    const markdown = imageMarkdown(alt, phase.url);
    // Closed first (its `close` event resets it): the page outside is inert while it is open, and
    // the editor puts the caret back in the textarea.
    dialog.current?.close();
    onInsert(markdown);
  }

  // In <body>, not inside the editor's <form>: forms cannot nest.
  return createPortal(
    <dialog
      ref={dialog}
      className="card image-dialog"
      aria-labelledby="image-dialog-title"
      onClose={() => {
        reset();
        onClose();
      }}
      data-testid="image-dialog"
    >
      {/* A form of its own: Enter inserts the image, it never saves the post. */}
      <form onSubmit={insert} className="stack">
        <h2 id="image-dialog-title">Insert an image</h2>
        <div className="field">
          <label htmlFor="body-image-input">Image file</label>
          <input
            id="body-image-input"
            type="file"
            accept={IMAGE_TYPES}
            aria-describedby="body-image-hint"
            disabled={phase.kind === 'uploading' || phase.kind === 'processing'}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void image.choose(file);
            }}
            data-testid="image-dialog-file"
          />
          <span className="hint" id="body-image-hint">
            {IMAGE_TYPES_TEXT}, up to {formatBytes(MAX_IMAGE_BYTES)}.
          </span>
        </div>
        <div aria-live="polite">
          <ImageStatus image={image} />
        </div>
        <div className="field">
          <label htmlFor="body-image-alt">Describe the image (alt text)</label>
          <input
            id="body-image-alt"
            type="text"
            aria-required="true"
            value={alt}
            aria-invalid={altError ? true : undefined}
            aria-describedby={altError ? 'body-image-alt-error' : undefined}
            onChange={(e) => {
              setAlt(e.target.value);
              setAltError(null);
            }}
            data-testid="image-dialog-alt"
          />
          {altError ? (
            <span className="field-error" id="body-image-alt-error">
              {altError}
            </span>
          ) : null}
        </div>
        <div className="row">
          <button
            type="submit"
            className="button"
            disabled={phase.kind !== 'ready'}
            data-testid="image-dialog-insert"
          >
            Insert image
          </button>
          <button type="button" className="button button-quiet" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>,
    document.body,
  );
}
