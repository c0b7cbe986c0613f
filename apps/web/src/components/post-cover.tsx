'use client';

import { useState } from 'react';

/** A post's thumbnail; falls back to a quiet placeholder if it is missing or not made yet. */
export function PostCover({
  src,
  alt,
  className,
  testId,
  placeholder = true,
}: {
  src: string | null;
  alt: string;
  className: string;
  testId?: string;
  /** Whether a missing cover keeps its space (a quiet box) or takes none. */
  placeholder?: boolean;
}) {
  const [failed, setFailed] = useState(false);
  if (!src || failed)
    return placeholder ? <div className={`${className} post-cover-placeholder`} aria-hidden="true" /> : null;
  return (
    // biome-ignore lint/performance/noImgElement: static export, images come from S3 as they are
    <img
      className={className}
      src={src}
      alt={alt}
      // The box is reserved by the CSS aspect-ratio; these give the browser the ratio before CSS too.
      width={320}
      height={180}
      loading="lazy"
      decoding="async"
      onError={() => setFailed(true)}
      data-testid={testId}
    />
  );
}
