'use client';

import type { Page, Post } from '@app/core/posts';
import Link from 'next/link';
import { useCallback, useState } from 'react';
import { useApp } from '@/components/app-context';
import { ItemActions, LoadMoreButton } from '@/components/list';
import { type Message, MessageRegion } from '@/components/message-region';
import { LoadingStatus, Notice, SessionExpiredNotice } from '@/components/notice';
import { PostCover } from '@/components/post-cover';
import { RequireAuth } from '@/components/require-auth';
import { ApiError, errorMessage, isSessionProblem } from '@/lib/api';
import { formatDate } from '@/lib/format';
import { postThumbnailUrl } from '@/lib/media';
import { useCursorList, withCursor } from '@/lib/use-cursor-list';

function MyPosts() {
  const { api, config } = useApp();
  const [message, setMessage] = useState<Message | null>(null);
  const fetchPage = useCallback(
    async (cursor: string | null) =>
      (await api<Page<Post>>('GET', withCursor('/me/posts?limit=20', cursor))).body,
    [api],
  );
  const {
    items: posts,
    setItems: setPosts,
    nextCursor,
    state,
    error,
    loadingMore,
    loadMore,
  } = useCursorList(fetchPage);

  function more() {
    loadMore().catch((e) =>
      setMessage({ kind: 'error', text: `Could not load more posts: ${errorMessage(e)}` }),
    );
  }

  async function remove(post: Post) {
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
      <MessageRegion message={message} testId="my-posts-message" onDismiss={() => setMessage(null)} />
      {state === 'loading' ? (
        <LoadingStatus>Loading your posts…</LoadingStatus>
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
          {posts.map((post) => {
            // Status, date and address tell same-titled posts apart; every control of the row
            // carries them as its description.
            const meta = `meta-${post.id}`;
            return (
              <li key={post.id} data-testid="my-post-item" data-id={post.id}>
                <div style={{ width: 72, flex: 'none' }}>
                  <PostCover src={postThumbnailUrl(config, post, 320)} alt="" className="post-cover" />
                </div>
                <div className="file-name">
                  <div>
                    <Link
                      href={`/blog/edit?id=${encodeURIComponent(post.id)}`}
                      data-testid="my-post-title"
                      aria-describedby={meta}
                    >
                      {post.title}
                    </Link>
                  </div>
                  <div className="byline" id={meta} data-testid="my-post-meta">
                    <span
                      className={`badge${post.status === 'published' ? ' badge-published' : ''}`}
                      data-testid="my-post-status"
                    >
                      {post.status === 'published' ? 'Published' : 'Draft'}
                    </span>{' '}
                    {post.status === 'published' && post.publishedAt
                      ? `published ${formatDate(post.publishedAt, true)}, `
                      : ''}
                    updated {formatDate(post.updatedAt, true)} ·{' '}
                    <span className="mono" data-testid="my-post-slug">
                      /{post.slug}
                    </span>
                  </div>
                </div>
                <ItemActions
                  onDelete={() => void remove(post)}
                  deleteLabel={`Delete “${post.title}”`}
                  describedBy={meta}
                  deleteTestId="my-post-delete"
                  confirmTestId="my-post-delete-confirm"
                >
                  <Link
                    href={`/post?slug=${encodeURIComponent(post.slug)}`}
                    className="button button-quiet button-small"
                    aria-label={`View “${post.title}”`}
                    aria-describedby={meta}
                  >
                    View
                  </Link>
                  <Link
                    href={`/blog/edit?id=${encodeURIComponent(post.id)}`}
                    className="button button-quiet button-small"
                    aria-label={`Edit “${post.title}”`}
                    aria-describedby={meta}
                    data-testid="my-post-edit"
                  >
                    Edit
                  </Link>
                </ItemActions>
              </li>
            );
          })}
        </ul>
      )}
      {state === 'ready' && nextCursor ? (
        <LoadMoreButton onClick={more} busy={loadingMore}>
          Load more
        </LoadMoreButton>
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
