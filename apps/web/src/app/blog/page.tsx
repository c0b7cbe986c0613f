'use client';

import type { Page, Post } from '@app/core/posts';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApp } from '@/components/app-context';
import { LoadMoreButton } from '@/components/list';
import { LoadingStatus, Notice } from '@/components/notice';
import { PostCover } from '@/components/post-cover';
import { SearchParamsBoundary } from '@/components/search-params-boundary';
import { errorMessage } from '@/lib/api';
import { formatDate } from '@/lib/format';
import { excerpt, postThumbnailUrl } from '@/lib/media';
import { withCursor } from '@/lib/use-cursor-list';
import { useLinkedCursorList } from '@/lib/use-linked-cursor-list';

const PAGE_SIZE = 12;

function BlogIndex() {
  const { api, config, status } = useApp();
  const router = useRouter();
  const after = useSearchParams().get('after');
  const [moreError, setMoreError] = useState<unknown>(null);
  const fetchPage = useCallback(
    async (cursor: string | null) =>
      (await api<Page<Post>>('GET', withCursor(`/posts?limit=${PAGE_SIZE}`, cursor), { auth: 'none' })).body,
    [api],
  );
  // "Older posts" puts the API's cursor in the URL: such a page can be linked to, back/forward work.
  const navigate = useCallback(
    (cursor: string) => router.push(`/blog?after=${encodeURIComponent(cursor)}`, { scroll: false }),
    [router],
  );
  const {
    items: posts,
    nextCursor,
    startsOlder,
    state,
    error,
    loadingMore,
    loadMore,
  } = useLinkedCursorList(fetchPage, after, navigate);

  // After "Older posts": focus the first older post once it is on screen (the button itself may
  // be gone: no more pages).
  const focusFrom = useRef<number | null>(null);
  useEffect(() => {
    const index = focusFrom.current;
    if (index === null || posts.length <= index) return;
    focusFrom.current = null;
    document.querySelectorAll<HTMLElement>('[data-testid="post-card-link"]')[index]?.focus();
  }, [posts.length]);

  function more() {
    setMoreError(null);
    focusFrom.current = posts.length;
    loadMore().catch((e: unknown) => {
      focusFrom.current = null;
      setMoreError(e);
    });
  }

  return (
    <div>
      <title>Blog · MyTodoList + MyBlog</title>
      <div className="page-head">
        <h1>Blog</h1>
        {status === 'signedIn' ? (
          <Link href="/blog/edit" className="button" data-testid="blog-write">
            Write a post
          </Link>
        ) : null}
      </div>
      {state === 'loading' ? (
        <LoadingStatus>Loading posts…</LoadingStatus>
      ) : state === 'error' ? (
        <Notice kind="error" testId="blog-error">
          Could not load the posts: {errorMessage(error)}
          {after ? (
            <>
              {' '}
              <Link href="/blog">See the newest posts</Link>.
            </>
          ) : null}
        </Notice>
      ) : posts.length === 0 ? (
        <p className="empty" data-testid="blog-empty">
          No posts published yet.
        </p>
      ) : (
        <>
          {startsOlder ? (
            <p className="small">
              <Link href="/blog" data-testid="blog-newest">
                ← Newest posts
              </Link>
            </p>
          ) : null}
          <ul className="post-grid" data-testid="post-list">
            {posts.map((post) => (
              <li key={post.id} data-testid="post-card" data-slug={post.slug}>
                <article className="post-card">
                  {/* Decorative here (the title names the link); no cover, no empty box. */}
                  <PostCover
                    src={postThumbnailUrl(config, post, 320)}
                    alt=""
                    className="post-cover"
                    testId="post-card-thumbnail"
                    placeholder={false}
                  />
                  <div className="post-card-body">
                    <h2>
                      {/* Named by the title alone; its ::after stretches it over the whole card. */}
                      <Link
                        href={`/post?slug=${encodeURIComponent(post.slug)}`}
                        className="post-card-link"
                        data-testid="post-card-link"
                      >
                        {post.title}
                      </Link>
                    </h2>
                    <div className="byline">
                      {post.authorName ? `${post.authorName} · ` : ''}
                      {formatDate(post.publishedAt ?? post.createdAt)}
                    </div>
                    <p className="post-excerpt" data-testid="post-card-excerpt">
                      {excerpt(post.body)}
                    </p>
                  </div>
                </article>
              </li>
            ))}
          </ul>
        </>
      )}
      {moreError ? (
        <Notice kind="error" testId="blog-more-error">
          Could not load older posts: {errorMessage(moreError)}
        </Notice>
      ) : null}
      {state === 'ready' && nextCursor ? (
        <LoadMoreButton onClick={more} busy={loadingMore} testId="blog-load-more">
          Older posts
        </LoadMoreButton>
      ) : null}
    </div>
  );
}

export default function BlogIndexPage() {
  return (
    <SearchParamsBoundary>
      <BlogIndex />
    </SearchParamsBoundary>
  );
}
