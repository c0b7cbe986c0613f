'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { useApp } from '@/components/app-context';
import { Notice } from '@/components/notice';
import { PostCover } from '@/components/post-cover';
import { errorMessage } from '@/lib/api';
import { formatDate } from '@/lib/format';
import { excerpt, postThumbnailUrl } from '@/lib/media';
import type { Page, Post } from '@/lib/types';

const PAGE_SIZE = 12;

export default function BlogIndexPage() {
  const { api, config, status } = useApp();
  const [posts, setPosts] = useState<Post[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  const load = useCallback(
    async (cursor: string | null) => {
      const query = `/posts?limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const { body } = await api<Page<Post>>('GET', query, { auth: 'none' });
      return body;
    },
    [api],
  );

  useEffect(() => {
    load(null).then(
      (body) => {
        setPosts(body.items);
        setNextCursor(body.nextCursor);
        setState('ready');
      },
      (e) => {
        setError(e);
        setState('error');
      },
    );
  }, [load]);

  async function more() {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const body = await load(nextCursor);
      setPosts((current) => {
        const seen = new Set(current.map((p) => p.id));
        return [...current, ...body.items.filter((p) => !seen.has(p.id))];
      });
      setNextCursor(body.nextCursor);
    } catch (e) {
      setError(e);
    } finally {
      setLoadingMore(false);
    }
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
        <p className="page-status" role="status">
          Loading posts…
        </p>
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
                <Link
                  href={`/post?slug=${encodeURIComponent(post.slug)}`}
                  className="post-card-link"
                  data-testid="post-card-link"
                >
                  <PostCover
                    src={postThumbnailUrl(config, post, 320)}
                    alt=""
                    className="post-cover"
                    testId="post-card-thumbnail"
                  />
                  <div className="post-card-body">
                    <h2>{post.title}</h2>
                    <div className="byline">
                      {post.authorName ? `${post.authorName} · ` : ''}
                      {formatDate(post.publishedAt ?? post.createdAt)}
                    </div>
                    <p className="post-excerpt">{excerpt(post.body)}</p>
                  </div>
                </Link>
              </article>
            </li>
          ))}
        </ul>
      )}
      {state === 'ready' && nextCursor ? (
        <div className="pager">
          <button
            type="button"
            className="button button-quiet"
            onClick={more}
            disabled={loadingMore}
            data-testid="blog-load-more"
          >
            {loadingMore ? 'Loading…' : 'Older posts'}
          </button>
        </div>
      ) : null}
    </div>
  );
}
