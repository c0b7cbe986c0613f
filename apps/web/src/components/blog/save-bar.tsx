'use client';

import type { Post, PostStatus } from '@app/core/posts';
import Link from 'next/link';
import { SubmitButton } from '@/components/form';

const STATUSES: { value: PostStatus; text: string }[] = [
  { value: 'draft', text: 'Draft — only you can see it' },
  { value: 'published', text: 'Published — anyone can read it' },
];

/** Draft or published, and the button that saves (its words say what will happen). */
export function SaveBar({
  status,
  post,
  saving,
  uploading,
  onStatus,
}: {
  status: PostStatus;
  post: Post | null;
  saving: boolean;
  uploading: boolean;
  onStatus: (status: PostStatus) => void;
}) {
  const label = status === 'draft' ? 'Save draft' : post?.status === 'published' ? 'Save changes' : 'Publish';
  return (
    <>
      <fieldset className="radio-row">
        <legend>Status</legend>
        {STATUSES.map(({ value, text }) => (
          <label key={value}>
            <input
              type="radio"
              name="status"
              value={value}
              checked={status === value}
              onChange={() => onStatus(value)}
              data-testid={`editor-status-${value}`}
            />
            {text}
          </label>
        ))}
      </fieldset>
      <div className="row">
        <SubmitButton busy={saving} busyLabel="Saving…" disabled={uploading} testId="editor-save">
          {label}
        </SubmitButton>
        {uploading ? <span className="muted small">Wait for the image upload to finish.</span> : null}
        <span className="spacer" />
        {post ? (
          <Link href={`/post?slug=${encodeURIComponent(post.slug)}`} className="button button-quiet">
            View
          </Link>
        ) : null}
      </div>
    </>
  );
}
