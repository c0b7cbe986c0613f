'use client';

import { POST_COVER_ALT_MAX_CHARS } from '@app/core/limits';
import type { ImageStatusView, Page, Post, PostStatus } from '@app/core/posts';
import { uploadKey } from '@app/images/s3-keys';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useApp } from '@/components/app-context';
import { CharCounter, charCount } from '@/components/char-counter';
import { SubmitButton, TextField } from '@/components/form';
import { type Message, MessageRegion } from '@/components/message-region';
import { LoadingStatus, Notice, SessionExpiredNotice, UploadProgress } from '@/components/notice';
import { RequireAuth } from '@/components/require-auth';
import { SearchParamsBoundary } from '@/components/search-params-boundary';
import { ApiError, errorMessage, isSessionProblem } from '@/lib/api';
import { SessionExpiredError } from '@/lib/auth';
import { formatBytes } from '@/lib/format';
import { renderMarkdown } from '@/lib/markdown';
import { postThumbnailUrl, publicMediaUrl, thumbnailKeyFor } from '@/lib/media';
import { sanitizeFileName, toStorageError } from '@/lib/s3';
import { withCursor } from '@/lib/use-cursor-list';

const TITLE_MAX = 200;
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
const THUMBNAIL_WAIT_MS = 30_000;

type Cover =
  | { state: 'none' }
  | { state: 'uploading'; name: string; loaded: number; total: number; localUrl: string; cancel: () => void }
  | { state: 'processing'; key: string; localUrl: string | null }
  | { state: 'ready'; key: string; thumbnailUrl: string }
  | { state: 'waiting'; key: string; localUrl: string | null }
  | { state: 'failed'; message: string };

type EditorMessage = Message & { viewSlug?: string };

async function findMyPost(api: ReturnType<typeof useApp>['api'], id: string): Promise<Post | null> {
  let cursor: string | null = null;
  for (let page = 0; page < 20; page++) {
    const { body }: { body: Page<Post> } = await api('GET', withCursor('/me/posts?limit=100', cursor));
    const found = body.items.find((p) => p.id === id);
    if (found) return found;
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return null;
}

type ThumbnailOutcome =
  | { kind: 'ready'; url: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'timeout' };

/**
 * Waits for the thumbnail Lambda, asking once a second for up to `THUMBNAIL_WAIT_MS`: the API's
 * GET /media/status says ready or failed (with the reason); if that route cannot answer, the
 * public thumbnail URL itself is tried.
 */
async function waitForThumbnail(
  api: ReturnType<typeof useApp>['api'],
  config: ReturnType<typeof useApp>['config'],
  uploadKey: string,
  signal: AbortSignal,
): Promise<ThumbnailOutcome> {
  const fallbackKey = thumbnailKeyFor(uploadKey, 320);
  const fallbackUrl = fallbackKey ? publicMediaUrl(config, fallbackKey) : null;
  const deadline = Date.now() + THUMBNAIL_WAIT_MS;
  let useApi = true;
  while (Date.now() < deadline && !signal.aborted) {
    try {
      if (useApi) {
        const path = `/media/status?key=${encodeURIComponent(uploadKey)}`;
        const { body } = await api<ImageStatusView>('GET', path, { signal });
        if (body.status === 'ready') {
          const key = body.thumbnails.w320 ?? fallbackKey;
          if (key) return { kind: 'ready', url: publicMediaUrl(config, key) };
        }
        if (body.status === 'failed')
          return { kind: 'failed', reason: body.reason ?? 'the image could not be processed' };
      } else if (fallbackUrl) {
        const response = await fetch(fallbackUrl, { cache: 'no-store', signal });
        if (response.ok) return { kind: 'ready', url: fallbackUrl };
      }
    } catch (error) {
      if (signal.aborted) break;
      if (isSessionProblem(error)) throw error;
      // The status route is missing or failing: watch the public URL instead.
      if (error instanceof ApiError) useApi = false;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { kind: 'timeout' };
}

function Editor() {
  const { api, config, s3 } = useApp();
  const router = useRouter();
  const id = useSearchParams().get('id');
  const [post, setPost] = useState<Post | null>(null);
  const [loadState, setLoadState] = useState<'loading' | 'ready' | 'notFound' | 'error'>(
    id ? 'loading' : 'ready',
  );
  const [loadError, setLoadError] = useState<unknown>(null);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [coverAlt, setCoverAlt] = useState('');
  const [status, setStatus] = useState<PostStatus>('draft');
  const [cover, setCover] = useState<Cover>({ state: 'none' });
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const [saving, setSaving] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [message, setMessage] = useState<EditorMessage | null>(null);
  const [titleError, setTitleError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [sessionLost, setSessionLost] = useState(false);
  const pollAbort = useRef<AbortController | null>(null);
  const writeTab = useRef<HTMLButtonElement>(null);
  const previewTab = useRef<HTMLButtonElement>(null);

  const coverKey =
    cover.state === 'processing' || cover.state === 'ready' || cover.state === 'waiting' ? cover.key : null;

  function applyPost(p: Post) {
    setPost(p);
    setTitle(p.title);
    setBody(p.body);
    setCoverAlt(p.coverAlt ?? '');
    setStatus(p.status);
    setCover(
      p.coverImage
        ? { state: 'ready', key: p.coverImage, thumbnailUrl: postThumbnailUrl(config, p, 320) ?? '' }
        : { state: 'none' },
    );
    setDirty(false);
    setConflict(false);
  }

  // Load the post named by ?id= (skipped right after creating it: the state already has it).
  // biome-ignore lint/correctness/useExhaustiveDependencies: applyPost only writes state
  useEffect(() => {
    if (!id) {
      setLoadState('ready');
      return;
    }
    if (post?.id === id) return;
    let cancelled = false;
    setLoadState('loading');
    findMyPost(api, id).then(
      (found) => {
        if (cancelled) return;
        if (!found) return setLoadState('notFound');
        applyPost(found);
        setLoadState('ready');
      },
      (e) => {
        if (cancelled) return;
        if (isSessionProblem(e)) setSessionLost(true);
        setLoadError(e);
        setLoadState('error');
      },
    );
    return () => {
      cancelled = true;
    };
  }, [id, api]);

  // Warn before leaving with unsaved changes: closing or reloading the tab (beforeunload), and the
  // app's own links, which navigate inside the page and so never fire beforeunload. The capture
  // listener runs before Next's Link handler; cancelling stops the navigation.
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    const onLinkClick = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.('a[href]');
      if (!link || link.getAttribute('target') === '_blank') return;
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      if (window.confirm('You have unsaved changes in this post. Leave and lose them?')) return;
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    document.addEventListener('click', onLinkClick, true);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('click', onLinkClick, true);
    };
  }, [dirty]);

  useEffect(() => () => pollAbort.current?.abort(), []);

  async function pollThumbnail(key: string, localUrl: string | null) {
    pollAbort.current?.abort();
    const controller = new AbortController();
    pollAbort.current = controller;
    setCover({ state: 'processing', key, localUrl });
    let outcome: ThumbnailOutcome;
    try {
      outcome = await waitForThumbnail(api, config, key, controller.signal);
    } catch {
      setSessionLost(true);
      outcome = { kind: 'timeout' };
    }
    if (controller.signal.aborted) return;
    if (outcome.kind === 'ready') setCover({ state: 'ready', key, thumbnailUrl: outcome.url });
    else if (outcome.kind === 'failed') {
      setCover({
        state: 'failed',
        message: `That image cannot be used: ${outcome.reason}. Choose another one.`,
      });
    } else setCover({ state: 'waiting', key, localUrl });
  }

  async function uploadCover(file: File) {
    setMessage(null);
    if (!file.type.startsWith('image/')) {
      setCover({ state: 'failed', message: 'Choose an image file (JPEG, PNG, WebP, GIF or AVIF).' });
      return;
    }
    if (file.size > MAX_IMAGE_BYTES) {
      setCover({
        state: 'failed',
        message: `That image is ${formatBytes(file.size)}; the limit is ${formatBytes(MAX_IMAGE_BYTES)}.`,
      });
      return;
    }
    const localUrl = URL.createObjectURL(file);
    let cancelled = false;
    try {
      const [access, { Upload }] = await Promise.all([s3(), import('@aws-sdk/lib-storage')]);
      const key = uploadKey(access.userId, `${Date.now().toString(36)}-${sanitizeFileName(file.name)}`);
      const { client, handler } = access.uploadClient();
      const upload = new Upload({
        client,
        params: { Bucket: config.buckets.media, Key: key, Body: file, ContentType: file.type },
        partSize: 64 * 1024 * 1024,
        queueSize: 1,
      });
      const cancel = () => {
        cancelled = true;
        void upload.abort();
        handler.abortAll();
      };
      setCover({ state: 'uploading', name: file.name, loaded: 0, total: file.size, localUrl, cancel });
      upload.on('httpUploadProgress', (p) => {
        if (cancelled) return;
        setCover((c) =>
          c.state === 'uploading' ? { ...c, loaded: p.loaded ?? 0, total: p.total ?? file.size } : c,
        );
      });
      try {
        await upload.done();
      } finally {
        client.destroy();
      }
      if (cancelled) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
      setDirty(true);
      await pollThumbnail(key, localUrl);
    } catch (e) {
      if (cancelled || (e as Error).name === 'AbortError') {
        setCover(
          post?.coverImage
            ? {
                state: 'ready',
                key: post.coverImage,
                thumbnailUrl: postThumbnailUrl(config, post, 320) ?? '',
              }
            : { state: 'none' },
        );
        setMessage({ kind: 'info', text: 'Image upload cancelled.' });
        return;
      }
      const err = toStorageError(e);
      if (err instanceof SessionExpiredError) setSessionLost(true);
      setCover({ state: 'failed', message: `The image could not be uploaded: ${err.message}` });
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const cleanTitle = title.trim();
    if (!cleanTitle) return setTitleError('Give the post a title.');
    if (cleanTitle.length > TITLE_MAX) return setTitleError(`At most ${TITLE_MAX} characters.`);
    setTitleError(null);
    if (charCount(coverAlt.trim()) > POST_COVER_ALT_MAX_CHARS) {
      setMessage({
        kind: 'error',
        text: `The image description can have at most ${POST_COVER_ALT_MAX_CHARS} characters.`,
      });
      return;
    }
    if (status === 'published' && !body.trim()) {
      setMessage({ kind: 'error', text: 'Write something before publishing (a draft can be empty).' });
      return;
    }
    setSaving(true);
    const payload: Record<string, unknown> = { title: cleanTitle, body, status };
    if (coverKey) payload.coverImage = coverKey;
    if (coverKey || post?.coverAlt) payload.coverAlt = coverKey ? coverAlt.trim() : '';
    else if (post?.coverImage) payload.coverImage = null;
    try {
      const { body: saved } = post
        ? await api<Post>('PATCH', `/posts/${encodeURIComponent(post.id)}`, {
            body: payload,
            ifMatch: post.version,
          })
        : await api<Post>('POST', '/posts', { body: payload });
      const created = !post;
      setPost(saved);
      setStatus(saved.status);
      setDirty(false);
      setConflict(false);
      setMessage({
        kind: 'success',
        text:
          saved.status === 'published' ? (created ? 'Published.' : 'Saved and published.') : 'Draft saved.',
        viewSlug: saved.slug,
      });
      if (created) router.replace(`/blog/edit?id=${encodeURIComponent(saved.id)}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        setConflict(true);
        setMessage({
          kind: 'error',
          text: 'This post was changed somewhere else (another tab or device) since you opened it. Your text is still here: copy what you want to keep, then load the latest version.',
        });
      } else if (e instanceof ApiError && e.status === 403) {
        setMessage({ kind: 'error', text: 'You can only edit your own posts.' });
      } else {
        if (isSessionProblem(e)) setSessionLost(true);
        setMessage({ kind: 'error', text: `Could not save: ${errorMessage(e)}` });
      }
    } finally {
      setSaving(false);
    }
  }

  async function loadLatest() {
    if (!post) return;
    setMessage(null);
    try {
      const latest = await findMyPost(api, post.id);
      if (latest) {
        applyPost(latest);
        setMessage({ kind: 'info', text: 'Loaded the latest version.' });
      } else setMessage({ kind: 'error', text: 'This post no longer exists.' });
    } catch (e) {
      setMessage({ kind: 'error', text: `Could not load the latest version: ${errorMessage(e)}` });
    }
  }

  function onTabKey(event: KeyboardEvent) {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next = tab === 'write' ? 'preview' : 'write';
    setTab(next);
    (next === 'write' ? writeTab : previewTab).current?.focus();
  }

  const previewHtml = useMemo(() => (tab === 'preview' ? renderMarkdown(body) : ''), [tab, body]);
  const uploading = cover.state === 'uploading';

  if (loadState === 'loading') {
    return <LoadingStatus>Loading the post…</LoadingStatus>;
  }
  if (loadState === 'notFound') {
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
  if (loadState === 'error') {
    return sessionLost ? (
      <SessionExpiredNotice next={`/blog/edit?id=${id ?? ''}`} />
    ) : (
      <Notice kind="error" testId="editor-load-error">
        Could not load the post: {errorMessage(loadError)}
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
            {dirty ? ' · unsaved changes' : ''}
          </p>
        ) : null}
      </div>

      {sessionLost ? <SessionExpiredNotice next={post ? `/blog/edit?id=${post.id}` : '/blog/edit'} /> : null}
      <MessageRegion message={message} testId="editor-message" onDismiss={() => setMessage(null)}>
        {' '}
        {message?.viewSlug ? (
          <Link href={`/post?slug=${encodeURIComponent(message.viewSlug)}`} data-testid="editor-view-link">
            View the post
          </Link>
        ) : null}
        {conflict ? (
          <button type="button" className="button-link" onClick={loadLatest} data-testid="editor-load-latest">
            Load the latest version
          </button>
        ) : null}
      </MessageRegion>

      <div className="card">
        <TextField
          label="Title"
          required
          maxLength={TITLE_MAX + 50}
          value={title}
          onChange={(e) => {
            setTitle(e.target.value);
            setDirty(true);
            setTitleError(null);
          }}
          error={titleError}
          testId="editor-title"
        />

        <div className="field">
          <span className="label" id="cover-label">
            Cover image
          </span>
          <div className="cover-box">
            <div>
              {cover.state === 'ready' && cover.thumbnailUrl ? (
                // biome-ignore lint/performance/noImgElement: the thumbnail is served by S3 as it is
                <img
                  className="cover-preview"
                  src={cover.thumbnailUrl}
                  alt="Cover thumbnail"
                  data-testid="cover-thumbnail"
                />
              ) : (cover.state === 'uploading' ||
                  cover.state === 'processing' ||
                  cover.state === 'waiting') &&
                cover.localUrl ? (
                // biome-ignore lint/performance/noImgElement: a local object URL of the chosen file
                <img
                  className="cover-preview"
                  src={cover.localUrl}
                  alt="Preview of the chosen file"
                  style={{ opacity: 0.55 }}
                  data-testid="cover-local-preview"
                />
              ) : (
                <div className="cover-preview">No cover image</div>
              )}
            </div>
            <div aria-live="polite" className="stack" style={{ minWidth: 0 }}>
              {cover.state === 'uploading' ? (
                <div className="row">
                  <UploadProgress
                    name={cover.name}
                    loaded={cover.loaded}
                    total={cover.total}
                    onCancel={cover.cancel}
                    progressTestId="cover-progress"
                    cancelTestId="cover-cancel"
                  />
                </div>
              ) : null}
              {cover.state === 'processing' ? (
                <p className="muted small" role="status" data-testid="cover-processing" style={{ margin: 0 }}>
                  Uploaded. Making the thumbnail…
                </p>
              ) : null}
              {cover.state === 'waiting' ? (
                <p className="small" role="status" data-testid="cover-waiting" style={{ margin: 0 }}>
                  The thumbnail is not ready yet (the image is saved with the post).{' '}
                  <button
                    type="button"
                    className="button-link"
                    onClick={() => void pollThumbnail(cover.key, cover.localUrl)}
                  >
                    Check again
                  </button>
                </p>
              ) : null}
              {cover.state === 'failed' ? (
                <p className="field-error" role="alert" data-testid="cover-error" style={{ margin: 0 }}>
                  {cover.message}
                </p>
              ) : null}
              <div className="row">
                <span className="file-picker">
                  <label
                    htmlFor="cover-input"
                    className="button button-quiet button-small"
                    aria-disabled={uploading}
                  >
                    {coverKey ? 'Replace image' : 'Choose image'}
                  </label>
                  <input
                    id="cover-input"
                    type="file"
                    accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
                    className="visually-hidden"
                    aria-labelledby="cover-label"
                    disabled={uploading}
                    onChange={(e) => {
                      const file = e.target.files?.[0];
                      e.target.value = '';
                      if (file) void uploadCover(file);
                    }}
                    data-testid="cover-input"
                  />
                </span>
                {coverKey ? (
                  <button
                    type="button"
                    className="button button-quiet button-small"
                    onClick={() => {
                      pollAbort.current?.abort();
                      setCover({ state: 'none' });
                      setDirty(true);
                    }}
                    data-testid="cover-remove"
                  >
                    Remove
                  </button>
                ) : null}
              </div>
              <span className="hint">
                JPEG, PNG, WebP, GIF or AVIF, up to {formatBytes(MAX_IMAGE_BYTES)}.
              </span>
              {coverKey || uploading ? (
                <div className="field" style={{ margin: 0 }}>
                  <label htmlFor="cover-alt">Describe the image (alt text)</label>
                  <input
                    id="cover-alt"
                    type="text"
                    value={coverAlt}
                    onChange={(e) => {
                      setCoverAlt(e.target.value);
                      setDirty(true);
                    }}
                    aria-describedby="cover-alt-hint cover-alt-count"
                    data-testid="editor-cover-alt"
                  />
                  <span className="row">
                    <span className="hint" id="cover-alt-hint">
                      What a reader who cannot see it should know, e.g. “Tomatoes ripening on a windowsill”.
                    </span>
                    <span className="spacer" />
                    <CharCounter id="cover-alt-count" value={coverAlt} max={POST_COVER_ALT_MAX_CHARS} />
                  </span>
                </div>
              ) : null}
            </div>
          </div>
        </div>

        <div className="field">
          <div className="row editor-tabs">
            <span className="label" id="body-label">
              Body
            </span>
            <span className="spacer" />
            <div className="segmented" role="tablist" aria-label="Body view">
              <button
                ref={writeTab}
                type="button"
                role="tab"
                id="tab-write"
                aria-selected={tab === 'write'}
                aria-controls="panel-write"
                tabIndex={tab === 'write' ? 0 : -1}
                onClick={() => setTab('write')}
                onKeyDown={onTabKey}
                data-testid="editor-tab-write"
              >
                Write
              </button>
              <button
                ref={previewTab}
                type="button"
                role="tab"
                id="tab-preview"
                aria-selected={tab === 'preview'}
                aria-controls="panel-preview"
                tabIndex={tab === 'preview' ? 0 : -1}
                onClick={() => setTab('preview')}
                onKeyDown={onTabKey}
                data-testid="editor-tab-preview"
              >
                Preview
              </button>
            </div>
          </div>
          {tab === 'write' ? (
            <div role="tabpanel" id="panel-write" aria-labelledby="tab-write">
              <textarea
                className="editor-body"
                aria-labelledby="body-label"
                aria-describedby="body-hint"
                value={body}
                onChange={(e) => {
                  setBody(e.target.value);
                  setDirty(true);
                }}
                rows={14}
                data-testid="editor-body"
              />
              <span className="hint" id="body-hint">
                Markdown: **bold**, _italic_, # headings, [links](https://…), lists, `code`.
              </span>
            </div>
          ) : (
            <div
              role="tabpanel"
              id="panel-preview"
              aria-labelledby="tab-preview"
              className="preview"
              // biome-ignore lint/a11y/noNoninteractiveTabindex: WAI-ARIA tabs: the panel takes focus when it has nothing focusable
              tabIndex={0}
            >
              {body.trim() ? (
                <div
                  className="prose"
                  data-testid="editor-preview"
                  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized by renderMarkdown (DOMPurify)
                  dangerouslySetInnerHTML={{ __html: previewHtml }}
                />
              ) : (
                <p className="muted">Nothing to preview yet.</p>
              )}
            </div>
          )}
        </div>

        <fieldset className="radio-row">
          <legend>Status</legend>
          <label>
            <input
              type="radio"
              name="status"
              value="draft"
              checked={status === 'draft'}
              onChange={() => {
                setStatus('draft');
                setDirty(true);
              }}
              data-testid="editor-status-draft"
            />
            Draft — only you can see it
          </label>
          <label>
            <input
              type="radio"
              name="status"
              value="published"
              checked={status === 'published'}
              onChange={() => {
                setStatus('published');
                setDirty(true);
              }}
              data-testid="editor-status-published"
            />
            Published — anyone can read it
          </label>
        </fieldset>

        <div className="row">
          <SubmitButton busy={saving} busyLabel="Saving…" disabled={uploading} testId="editor-save">
            {status === 'draft' ? 'Save draft' : post?.status === 'published' ? 'Save changes' : 'Publish'}
          </SubmitButton>
          {uploading ? <span className="muted small">Wait for the image upload to finish.</span> : null}
          <span className="spacer" />
          {post ? (
            <Link href={`/post?slug=${encodeURIComponent(post.slug)}`} className="button button-quiet">
              View
            </Link>
          ) : null}
        </div>
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
