'use client';

import { useRef, useState } from 'react';
import { formatBytes } from '@/lib/format';
import { MAX_FILE_BYTES } from './use-file-uploads';

/** "Choose files to upload", or drop them here: either way `onFiles` gets them. */
export function FileDropzone({ disabled, onFiles }: { disabled: boolean; onFiles(files: File[]): void }) {
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  function take(files: File[]) {
    onFiles(files);
    // The same file may be chosen again.
    if (input.current) input.current.value = '';
  }

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: drop target only; the button inside is the keyboard path
    <div
      className={`dropzone${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        take(Array.from(e.dataTransfer.files));
      }}
    >
      <span className="file-picker">
        <label htmlFor="file-input" className="button" aria-disabled={disabled}>
          Choose files to upload
        </label>
        <input
          id="file-input"
          ref={input}
          type="file"
          multiple
          className="visually-hidden"
          disabled={disabled}
          onChange={(e) => e.target.files && take(Array.from(e.target.files))}
          data-testid="files-input"
        />
      </span>
      <span className="muted small">…or drop them here. Up to {formatBytes(MAX_FILE_BYTES)} each.</span>
    </div>
  );
}
