'use client';

import { POST_TITLE_MAX_CHARS } from '@app/core/limits';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useApp } from '@/components/app-context';
import { BodyField } from '@/components/blog/body-field';
import { CoverPicker } from '@/components/blog/cover-picker';
import { SaveBar } from '@/components/blog/save-bar';
import { useCoverUpload } from '@/components/blog/use-cover-upload';
import { usePostEditor } from '@/components/blog/use-post-editor';
import { useUnsavedGuard } from '@/components/blog/use-unsaved-guard';
import { CharCounter } from '@/components/char-counter';
import { TextField } from '@/components/form';
import { MessageRegion } from '@/components/message-region';
import { LoadingStatus, Notice, SessionExpiredNotice } from '@/components/notice';
import { RequireAuth } from '@/components/require-auth';
import { SearchParamsBoundary } from '@/components/search-params-boundary';
import { errorMessage } from '@/lib/api';

function NotFound() {
  return (
    <div className="narrow card" data-testid="editor-not-found">
      <h1>Post not found</h1>
      <p className="muted">It may have been deleted, or it is not yours.</p>
      <Link href="/blog/mine" className="button">
        My posts
      </Link>
    </div>
  );
}

function Editor() {
  const { config } = useApp();
  const id = useSearchParams().get('id');
  const { state, dispatch, save, loadLatest, savedCover } = usePostEditor(id);
  const cover = useCoverUpload(dispatch, savedCover);
  const { post, draft, message } = state;
  useUnsavedGuard(state.dirty, 'You have unsaved changes in this post. Leave and lose them?');

  if (state.load === 'loading') return <LoadingStatus>Loading the post…</LoadingStatus>;
  if (state.load === 'notFound') return <NotFound />;
  if (state.load === 'error') {
    return state.sessionLost ? (
      <SessionExpiredNotice next={`/blog/edit?id=${id ?? ''}`} />
    ) : (
      <Notice kind="error" testId="editor-load-error">
        Could not load the post: {errorMessage(state.loadError)}
      </Notice>
    );
  }

  return (
    <form onSubmit={save} data-testid="editor">
      <title>{post ? 'Edit post · MyBlog' : 'New post · MyBlog'}</title>
      <div className="page-head">
        <h1>{post ? 'Edit post' : 'New post'}</h1>
        {post ? (
          <p>
            <span
              className={`badge${post.status === 'published' ? ' badge-published' : ''}`}
              data-testid="editor-saved-status"
            >
              {post.status === 'published' ? 'Published' : 'Draft'}
            </span>
            {state.dirty ? ' · unsaved changes' : ''}
          </p>
        ) : null}
      </div>

      {state.sessionLost ? (
        <SessionExpiredNotice next={post ? `/blog/edit?id=${post.id}` : '/blog/edit'} />
      ) : null}
      <MessageRegion
        message={message}
        testId="editor-message"
        onDismiss={() => dispatch({ type: 'message', message: null })}
      >
        {' '}
        {message?.viewSlug ? (
          <Link href={`/post?slug=${encodeURIComponent(message.viewSlug)}`} data-testid="editor-view-link">
            View the post
          </Link>
        ) : null}
        {state.conflict ? (
          <button type="button" className="button-link" onClick={loadLatest} data-testid="editor-load-latest">
            Load the latest version
          </button>
        ) : null}
      </MessageRegion>

      <div className="card">
        <TextField
          label="Title"
          required
          maxLength={POST_TITLE_MAX_CHARS + 50}
          value={draft.title}
          onChange={(e) => dispatch({ type: 'edited', field: 'title', value: e.target.value })}
          hint={<CharCounter value={draft.title} max={POST_TITLE_MAX_CHARS} />}
          error={state.titleError}
          testId="editor-title"
        />
        <CoverPicker cover={state.cover} coverAlt={draft.coverAlt} upload={cover} dispatch={dispatch} />
        <BodyField
          body={draft.body}
          mediaPublicUrl={config.mediaPublicUrl}
          onChange={(value) => dispatch({ type: 'edited', field: 'body', value })}
          onSessionLost={() => dispatch({ type: 'sessionLost' })}
        />
        <SaveBar
          status={draft.status}
          post={post}
          saving={state.saving}
          uploading={state.cover.state === 'uploading'}
          onStatus={(status) => dispatch({ type: 'statusChosen', status })}
        />
      </div>
    </form>
  );
}

export default function EditPostPage() {
  return (
    <SearchParamsBoundary>
      <RequireAuth>
        <Editor />
      </RequireAuth>
    </SearchParamsBoundary>
  );
}
