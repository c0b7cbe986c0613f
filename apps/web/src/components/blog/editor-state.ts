import { charCount, POST_COVER_ALT_MAX_CHARS, POST_TITLE_MAX_CHARS } from '@app/core/limits';
import type { Post, PostStatus } from '@app/core/posts';
import type { Message } from '@/components/message-region';

/** The cover image as the editor shows it, from choosing a file to a thumbnail (or a failure). */
export type Cover =
  | { state: 'none' }
  | { state: 'uploading'; uploadId: string; localUrl: string }
  | { state: 'processing'; key: string; localUrl: string | null }
  | { state: 'ready'; key: string; thumbnailUrl: string }
  | { state: 'waiting'; key: string; localUrl: string | null }
  | { state: 'failed'; message: string };

export type EditorMessage = Message & { viewSlug?: string };

export interface Draft {
  title: string;
  body: string;
  coverAlt: string;
  status: PostStatus;
}

export interface EditorState {
  load: 'loading' | 'ready' | 'notFound' | 'error';
  loadError: unknown;
  /** The post as last loaded or saved (null: a new post, not saved yet). */
  post: Post | null;
  draft: Draft;
  cover: Cover;
  dirty: boolean;
  saving: boolean;
  message: EditorMessage | null;
  titleError: string | null;
  /** The last save met a newer version (409): offer to load it. */
  conflict: boolean;
  sessionLost: boolean;
}

export type EditorAction =
  | { type: 'loadStarted' }
  | { type: 'loaded'; post: Post; cover: Cover; message?: EditorMessage }
  | { type: 'notFound' }
  | { type: 'loadFailed'; error: unknown; sessionLost: boolean }
  | { type: 'edited'; field: 'title' | 'body' | 'coverAlt'; value: string }
  | { type: 'statusChosen'; status: PostStatus }
  /** `edited`: the user changed the cover (a new upload, a removal), not just its progress. */
  | { type: 'coverChanged'; cover: Cover; edited?: boolean }
  | { type: 'message'; message: EditorMessage | null }
  | { type: 'invalid'; titleError?: string; message?: EditorMessage }
  | { type: 'saveStarted' }
  | { type: 'saved'; post: Post; message: EditorMessage }
  | { type: 'saveFailed'; message: EditorMessage; conflict?: boolean; sessionLost?: boolean }
  | { type: 'sessionLost' }
  | { type: 'newPost' };

export function initialEditorState(hasId: boolean): EditorState {
  return {
    load: hasId ? 'loading' : 'ready',
    loadError: null,
    post: null,
    draft: { title: '', body: '', coverAlt: '', status: 'draft' },
    cover: { state: 'none' },
    dirty: false,
    saving: false,
    message: null,
    titleError: null,
    conflict: false,
    sessionLost: false,
  };
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case 'loadStarted':
      return { ...state, load: 'loading' };
    case 'loaded': {
      const { post } = action;
      const draft = {
        title: post.title,
        body: post.body,
        coverAlt: post.coverAlt ?? '',
        status: post.status,
      };
      return {
        ...state,
        load: 'ready',
        post,
        draft,
        cover: action.cover,
        dirty: false,
        conflict: false,
        message: action.message ?? state.message,
      };
    }
    case 'notFound':
      return { ...state, load: 'notFound' };
    case 'loadFailed':
      return { ...state, load: 'error', loadError: action.error, sessionLost: action.sessionLost };
    case 'edited':
      return {
        ...state,
        draft: { ...state.draft, [action.field]: action.value },
        dirty: true,
        titleError: action.field === 'title' ? null : state.titleError,
      };
    case 'statusChosen':
      return { ...state, draft: { ...state.draft, status: action.status }, dirty: true };
    case 'coverChanged':
      return { ...state, cover: action.cover, dirty: state.dirty || (action.edited ?? false) };
    case 'message':
      return { ...state, message: action.message };
    case 'invalid':
      return { ...state, titleError: action.titleError ?? null, message: action.message ?? null };
    case 'saveStarted':
      return { ...state, saving: true, message: null, titleError: null };
    case 'saved':
      return {
        ...state,
        saving: false,
        post: action.post,
        draft: { ...state.draft, status: action.post.status },
        dirty: false,
        conflict: false,
        message: action.message,
      };
    case 'saveFailed':
      return {
        ...state,
        saving: false,
        message: action.message,
        conflict: action.conflict ?? false,
        sessionLost: state.sessionLost || (action.sessionLost ?? false),
      };
    case 'sessionLost':
      return { ...state, sessionLost: true };
    case 'newPost':
      return initialEditorState(false);
  }
}

/** The cover key the post will be saved with (an upload in flight or failed has none yet). */
export function coverKeyOf(cover: Cover): string | null {
  return cover.state === 'processing' || cover.state === 'ready' || cover.state === 'waiting'
    ? cover.key
    : null;
}

/** Why the draft cannot be saved as it is (an `invalid` action), or null when it can. */
export function validateDraft(draft: Draft): Extract<EditorAction, { type: 'invalid' }> | null {
  const title = draft.title.trim();
  if (!title) return { type: 'invalid', titleError: 'Give the post a title.' };
  if (charCount(title) > POST_TITLE_MAX_CHARS)
    return { type: 'invalid', titleError: `At most ${POST_TITLE_MAX_CHARS} characters.` };
  if (charCount(draft.coverAlt.trim()) > POST_COVER_ALT_MAX_CHARS) {
    const text = `The image description can have at most ${POST_COVER_ALT_MAX_CHARS} characters.`;
    return { type: 'invalid', message: { kind: 'error', text } };
  }
  if (draft.status === 'published' && !draft.body.trim()) {
    const text = 'Write something before publishing (a draft can be empty).';
    return { type: 'invalid', message: { kind: 'error', text } };
  }
  return null;
}

/** The POST/PATCH body: the cover and its alt text are sent only when they change something. */
export function savePayload(draft: Draft, cover: Cover, post: Post | null): Record<string, unknown> {
  const coverKey = coverKeyOf(cover);
  const payload: Record<string, unknown> = {
    title: draft.title.trim(),
    body: draft.body,
    status: draft.status,
  };
  if (coverKey) payload.coverImage = coverKey;
  if (coverKey || post?.coverAlt) payload.coverAlt = coverKey ? draft.coverAlt.trim() : '';
  else if (post?.coverImage) payload.coverImage = null;
  return payload;
}
