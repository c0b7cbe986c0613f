'use client';

import type { Page, Post } from '@app/core/posts';
import Link from 'next/link';
import { useCallback, useState } from 'react';
import { useApp } from '@/components/app-context';
import { LoadMoreButton } from '@/components/list';
import { LoadingStatus, Notice } from '@/components/notice';
import { PostCover } from '@/components/post-cover';
import { errorMessage } from '@/lib/api';
import { formatDate } from '@/lib/format';
import { excerpt, postThumbnailUrl } from '@/lib/media';
import { useCursorList, withCursor } from '@/lib/use-cursor-list';

const PAGE_SIZE = 12;

export default function BlogIndexPage() {
  const { api, config, status } = useApp();
  const [moreError, setMoreError] = useState<unknown>(null);
  const fetchPage = useCallback(
    async (cursor: string | null) =>
      (await api<Page<Post>>('GET', withCursor(`/posts?limit=${PAGE_SIZE}`, cursor), { auth: 'none' })).body,
    [api],
  );
  const { items: posts, nextCursor, state, error, loadingMore, loadMore } = useCursorList(fetchPage);

  function more() {
    setMoreError(null);
    const shown = posts.length;
    loadMore()
      .then(() =>
        // Focus the first older post (the button itself may be gone: no more pages).
        requestAnimationFrame(() =>
          document.querySelectorAll<HTMLElement>('[data-testid="post-card-link"]')[shown]?.focus(),
        ),
      )
      .catch(setMoreError);
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
        </Notice>
      ) : posts.length === 0 ? (
        <p className="empty" data-testid="blog-empty">
          No posts published yet.
        </p>
      ) : (
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
