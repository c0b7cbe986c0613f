'use client';

import type { Page, Post } from '@app/core/posts';
import { useRouter } from 'next/navigation';
import { type FormEvent, useCallback, useEffect, useReducer, useRef } from 'react';
import { type AppContextValue, useApp } from '@/components/app-context';
import { ApiError, errorMessage, isSessionProblem } from '@/lib/api';
import { postThumbnailUrl } from '@/lib/media';
import { withCursor } from '@/lib/use-cursor-list';
import {
  type Cover,
  type EditorAction,
  type EditorMessage,
  editorReducer,
  initialEditorState,
  savePayload,
  validateDraft,
} from './editor-state';

async function findMyPost(api: AppContextValue['api'], id: string): Promise<Post | null> {
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

function savedCoverOf(config: AppContextValue['config'], post: Post | null): Cover {
  return post?.coverImage
    ? { state: 'ready', key: post.coverImage, thumbnailUrl: postThumbnailUrl(config, post, 320) ?? '' }
    : { state: 'none' };
}

function saveFailure(e: unknown): Extract<EditorAction, { type: 'saveFailed' }> {
  if (e instanceof ApiError && e.status === 409) {
    const text =
      'This post was changed somewhere else (another tab or device) since you opened it. Your text is still here: copy what you want to keep, then load the latest version.';
    return { type: 'saveFailed', conflict: true, message: { kind: 'error', text } };
  }
  if (e instanceof ApiError && e.status === 403)
    return { type: 'saveFailed', message: { kind: 'error', text: 'You can only edit your own posts.' } };
  const text = `Could not save: ${errorMessage(e)}`;
  return { type: 'saveFailed', sessionLost: isSessionProblem(e), message: { kind: 'error', text } };
}

/**
 * The editor's state (one reducer) and its conversations with the API: load the post named by
 * `?id=`, save (POST, then PATCH with If-Match), and load the latest version after a conflict.
 */
export function usePostEditor(id: string | null) {
  const { api, config } = useApp();
  const router = useRouter();
  const [state, dispatch] = useReducer(editorReducer, id !== null, initialEditorState);
  const postRef = useRef(state.post);
  postRef.current = state.post;

  const loaded = useCallback(
    (post: Post, message?: EditorMessage) =>
      dispatch({ type: 'loaded', post, cover: savedCoverOf(config, post), message }),
    [config],
  );

  // Load the post named by ?id= (skipped right after creating it: the state already has it).
  useEffect(() => {
    if (!id) {
      // "Write a post" from an open post: a fresh form, not the old post under a new-post URL.
      if (postRef.current) dispatch({ type: 'newPost' });
      return;
    }
    if (postRef.current?.id === id) return;
    let cancelled = false;
    dispatch({ type: 'loadStarted' });
    findMyPost(api, id).then(
      (found) => {
        if (cancelled) return;
        if (found) loaded(found);
        else dispatch({ type: 'notFound' });
      },
      (error) => {
        if (!cancelled) dispatch({ type: 'loadFailed', error, sessionLost: isSessionProblem(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [id, api, loaded]);

  async function save(event: FormEvent) {
    event.preventDefault();
    const invalid = validateDraft(state.draft);
    if (invalid) return dispatch(invalid);
    const { post } = state;
    dispatch({ type: 'saveStarted' });
    const body = savePayload(state.draft, state.cover, post);
    try {
      const { body: saved } = post
        ? await api<Post>('PATCH', `/posts/${encodeURIComponent(post.id)}`, { body, ifMatch: post.version })
        : await api<Post>('POST', '/posts', { body });
      const published = saved.status === 'published';
      const text = published ? (post ? 'Saved and published.' : 'Published.') : 'Draft saved.';
      dispatch({ type: 'saved', post: saved, message: { kind: 'success', text, viewSlug: saved.slug } });
      if (!post) router.replace(`/blog/edit?id=${encodeURIComponent(saved.id)}`);
    } catch (e) {
      dispatch(saveFailure(e));
    }
  }

  async function loadLatest() {
    const { post } = state;
    if (!post) return;
    dispatch({ type: 'message', message: null });
    try {
      const latest = await findMyPost(api, post.id);
      if (latest) loaded(latest, { kind: 'info', text: 'Loaded the latest version.' });
      else dispatch({ type: 'message', message: { kind: 'error', text: 'This post no longer exists.' } });
    } catch (e) {
      const text = `Could not load the latest version: ${errorMessage(e)}`;
      dispatch({ type: 'message', message: { kind: 'error', text } });
    }
  }

  const savedCover = useCallback(() => savedCoverOf(config, postRef.current), [config]);

  return { state, dispatch, save, loadLatest, savedCover };
}
