'use client';

import type { Post } from '@app/core/posts';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { useApp } from '@/components/app-context';
import { LoadingStatus, Notice } from '@/components/notice';
import { SearchParamsBoundary } from '@/components/search-params-boundary';
import { ApiError, errorMessage } from '@/lib/api';
import { formatDate } from '@/lib/format';
import { postThumbnailUrl } from '@/lib/media';

/**
 * The post body as sanitized HTML. The markdown renderer is a chunk of its own, fetched alongside
 * the post (not with the page), so a link to a post prefetched from the blog index never pulls it.
 */
function usePostHtml(
  body: string | undefined,
  mediaPublicUrl: string,
  onError: (error: unknown) => void,
): string | null {
  const [render, setRender] = useState<((markdown: string) => string) | null>(null);
  useEffect(() => {
    let current = true;
    import('@/lib/markdown').then(
      ({ renderMarkdown }) =>
        current && setRender(() => (markdown: string) => renderMarkdown(markdown, { mediaPublicUrl })),
      (error: unknown) => current && onError(error),
    );
    return () => {
      current = false;
    };
  }, [onError, mediaPublicUrl]);
  return useMemo(() => (body === undefined || !render ? null : render(body)), [body, render]);
}

function PostView() {
  const { api, config, status, user } = useApp();
  const slug = useSearchParams().get('slug');
  const [post, setPost] = useState<Post | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [coverSrc, setCoverSrc] = useState<string | null>(null);

  useEffect(() => {
    if (!slug || status === 'loading') return;
    setPost(null);
    setError(null);
    // A signed-in author also sees their own drafts.
    api<Post>('GET', `/posts/${encodeURIComponent(slug)}`, { auth: 'optional' }).then(
      ({ body }) => {
        setPost(body);
        setCoverSrc(postThumbnailUrl(config, body, 1280));
      },
      (e) => setError(e),
    );
  }, [api, config, slug, status]);

  const html = usePostHtml(post?.body, config.mediaPublicUrl, setError);

  if (!slug) {
    return (
      <Notice kind="error" testId="post-error">
        No post was named. <Link href="/blog">See all posts</Link>.
      </Notice>
    );
  }
  if (error) {
    const notFound = error instanceof ApiError && error.status === 404;
    return (
      <div className="narrow card" data-testid="post-error">
        <h1>{notFound ? 'Post not found' : 'Could not load the post'}</h1>
        <p className="muted">{notFound ? 'It may have been unpublished or removed.' : errorMessage(error)}</p>
        <Link href="/blog" className="button">
          Back to the blog
        </Link>
      </div>
    );
  }
  if (!post || html === null) {
    return <LoadingStatus>Loading the post…</LoadingStatus>;
  }
  const mine = user?.sub === post.authorId;
  return (
    <article className="article" data-testid="post">
      <title>{`${post.title} · MyBlog`}</title>
      <p className="small">
        <Link href="/blog">← All posts</Link>
      </p>
      {post.status === 'draft' ? (
        <Notice kind="warning" testId="post-draft">
          This is a draft: only you can see it.
        </Notice>
      ) : null}
      <h1 data-testid="post-title">{post.title}</h1>
      <div className="row byline">
        <span>
          {post.authorName ? `By ${post.authorName} · ` : ''}
          {formatDate(post.publishedAt ?? post.createdAt)}
        </span>
        {mine ? (
          <Link
            href={`/blog/edit?id=${encodeURIComponent(post.id)}`}
            className="button button-quiet button-small"
            data-testid="post-edit"
          >
            Edit
          </Link>
        ) : null}
      </div>
      {coverSrc ? (
        // biome-ignore lint/performance/noImgElement: static export, the thumbnail comes from S3 as it is
        <img
          className="article-cover"
          src={coverSrc}
          alt={post.coverAlt ?? ''}
          width={1280}
          height={720}
          data-testid="post-cover"
          onError={() => {
            // The large size may not exist (small upload or not made yet): fall back to 320 px, then to nothing.
            const small = postThumbnailUrl(config, post, 320);
            setCoverSrc((current) => (current !== small ? small : null));
          }}
        />
      ) : null}
      {/* Sanitized with DOMPurify in renderMarkdown: no script, handler or javascript: URL survives. */}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the HTML is sanitized just above */}
      <div className="prose" data-testid="post-body" dangerouslySetInnerHTML={{ __html: html }} />
    </article>
  );
}

export default function PostPage() {
  return (
    <SearchParamsBoundary>
      <PostView />
    </SearchParamsBoundary>
  );
}
