'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { useApp } from '@/components/app-context';
import { Notice, SessionExpiredNotice } from '@/components/notice';
import { PostCover } from '@/components/post-cover';
import { RequireAuth } from '@/components/require-auth';
import { ApiError, errorMessage, isSessionProblem } from '@/lib/api';
import { formatDate } from '@/lib/format';
import { postThumbnailUrl } from '@/lib/media';
import type { Page, Post } from '@/lib/types';

function MyPosts() {
  const { api, config } = useApp();
  const [posts, setPosts] = useState<Post[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const load = useCallback(
    async (cursor: string | null) => {
      const { body } = await api<Page<Post>>(
        'GET',
        `/me/posts?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
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
    try {
      const body = await load(nextCursor);
      setPosts((current) => [...current, ...body.items.filter((p) => !current.some((c) => c.id === p.id))]);
      setNextCursor(body.nextCursor);
    } catch (e) {
      setMessage({ kind: 'error', text: `Could not load more posts: ${errorMessage(e)}` });
    }
  }

  async function remove(post: Post) {
    setConfirming(null);
    setMessage(null);
    try {
      await api('DELETE', `/posts/${encodeURIComponent(post.id)}`);
      setPosts((current) => current.filter((p) => p.id !== post.id));
      setMessage({ kind: 'success', text: `Deleted “${post.title}”.` });
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        setPosts((current) => current.filter((p) => p.id !== post.id));
        return;
      }
      setMessage({ kind: 'error', text: `Could not delete “${post.title}”: ${errorMessage(e)}` });
    }
  }

  return (
    <div>
      <title>My posts · MyTodoList + MyBlog</title>
      <div className="page-head">
        <h1>My posts</h1>
        <Link href="/blog/edit" className="button" data-testid="my-posts-new">
          New post
        </Link>
      </div>
      {isSessionProblem(error) ? <SessionExpiredNotice next="/blog/mine" /> : null}
      <div aria-live="polite">
        {message ? (
          <Notice kind={message.kind} testId="my-posts-message" onDismiss={() => setMessage(null)}>
            {message.text}
          </Notice>
        ) : null}
      </div>
      {state === 'loading' ? (
        <p className="page-status" role="status">
          Loading your posts…
        </p>
      ) : state === 'error' ? (
        isSessionProblem(error) ? null : (
          <Notice kind="error" testId="my-posts-error">
            Could not load your posts: {errorMessage(error)}
          </Notice>
        )
      ) : posts.length === 0 ? (
        <p className="empty" data-testid="my-posts-empty">
          You have not written anything yet. <Link href="/blog/edit">Write your first post</Link>.
        </p>
      ) : (
        <ul className="list" data-testid="my-posts-list">
          {posts.map((post) => (
            <li key={post.id} data-testid="my-post-item" data-id={post.id}>
              <div style={{ width: 72, flex: 'none' }}>
                <PostCover src={postThumbnailUrl(config, post, 320)} alt="" className="post-cover" />
              </div>
              <div className="file-name">
                <div>{post.title}</div>
                <div className="byline">
                  <span
                    className={`badge${post.status === 'published' ? ' badge-published' : ''}`}
                    data-testid="my-post-status"
                  >
                    {post.status === 'published' ? 'Published' : 'Draft'}
                  </span>{' '}
                  updated {formatDate(post.updatedAt, true)}
                </div>
              </div>
              <span className="todo-actions">
                {confirming === post.id ? (
                  <>
                    <span className="small">Delete for good?</span>
                    <button
                      type="button"
                      className="button button-danger button-small"
                      onClick={() => void remove(post)}
                      data-testid="my-post-delete-confirm"
                    >
                      Delete
                    </button>
                    <button
                      type="button"
                      className="button button-quiet button-small"
                      onClick={() => setConfirming(null)}
                    >
                      Keep
                    </button>
                  </>
                ) : (
                  <>
                    <Link
                      href={`/post?slug=${encodeURIComponent(post.slug)}`}
                      className="button button-quiet button-small"
                    >
                      View
                    </Link>
                    <Link
                      href={`/blog/edit?id=${encodeURIComponent(post.id)}`}
                      className="button button-quiet button-small"
                      data-testid="my-post-edit"
                    >
                      Edit
                    </Link>
                    <button
                      type="button"
                      className="button button-danger button-small"
                      onClick={() => setConfirming(post.id)}
                      data-testid="my-post-delete"
                      aria-label={`Delete “${post.title}”`}
                    >
                      Delete
                    </button>
                  </>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {state === 'ready' && nextCursor ? (
        <div className="pager">
          <button type="button" className="button button-quiet" onClick={more}>
            Load more
          </button>
        </div>
      ) : null}
    </div>
  );
}

export default function MyPostsPage() {
  return (
    <RequireAuth>
      <MyPosts />
    </RequireAuth>
  );
}
