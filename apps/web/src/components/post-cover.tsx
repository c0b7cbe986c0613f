'use client';

import { useState } from 'react';

/** A post's thumbnail; falls back to a quiet placeholder if it is missing or not made yet. */
export function PostCover({
  src,
  alt,
  className,
  testId,
}: {
  src: string | null;
  alt: string;
  className: string;
  testId?: string;
}) {
  const [failed, setFailed] = useState(false);
  if (!src || failed) return <div className={`${className} post-cover-placeholder`} aria-hidden="true" />;
  return (
    // biome-ignore lint/performance/noImgElement: static export, images come from S3 as they are
    <img
      className={className}
      src={src}
      alt={alt}
      loading="lazy"
      decoding="async"
      onError={() => setFailed(true)}
      data-testid={testId}
    />
  );
}
