'use client';

import { type KeyboardEvent, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { renderMarkdown } from '@/lib/markdown';
import { BodyImageDialog } from './body-image-dialog';
import { applyFormat, type FormatKind, insertBlock, type TextSelection } from './markdown-format';
import { MarkdownToolbar, shortcutOf } from './markdown-toolbar';

type Tab = 'write' | 'preview';

function Tabs({ tab, onTab }: { tab: Tab; onTab: (tab: Tab) => void }) {
  const refs = { write: useRef<HTMLButtonElement>(null), preview: useRef<HTMLButtonElement>(null) };
  function onKey(event: KeyboardEvent) {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next = tab === 'write' ? 'preview' : 'write';
    onTab(next);
    refs[next].current?.focus();
  }
  return (
    <div className="segmented" role="tablist" aria-label="Body view">
      {(['write', 'preview'] as const).map((name) => (
        <button
          key={name}
          ref={refs[name]}
          type="button"
          role="tab"
          id={`tab-${name}`}
          aria-selected={tab === name}
          aria-controls={`panel-${name}`}
          tabIndex={tab === name ? 0 : -1}
          onClick={() => onTab(name)}
          onKeyDown={onKey}
          data-testid={`editor-tab-${name}`}
        >
          {name === 'write' ? 'Write' : 'Preview'}
        </button>
      ))}
    </div>
  );
}

/**
 * The post body: write (a textarea with the markdown toolbar and "Insert image") or preview (the
 * same sanitized rendering as the published post).
 */
export function BodyField({
  body,
  mediaPublicUrl,
  onChange,
  onSessionLost,
}: {
  body: string;
  mediaPublicUrl: string;
  onChange: (body: string) => void;
  onSessionLost: () => void;
}) {
  const [tab, setTab] = useState<Tab>('write');
  const [imageOpen, setImageOpen] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const nextSelection = useRef<{ start: number; end: number } | null>(null);
  // Where the image goes: the selection when the dialog opened (the dialog takes focus).
  const imageAt = useRef<TextSelection | null>(null);

  // After a toolbar edit has rendered: put the selection where the edit says, back in the textarea.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the body an edit produced arrives
  useLayoutEffect(() => {
    const selection = nextSelection.current;
    if (!selection || !textarea.current) return;
    nextSelection.current = null;
    textarea.current.focus();
    textarea.current.setSelectionRange(selection.start, selection.end);
  }, [body]);

  function current(): TextSelection {
    const el = textarea.current;
    return { text: body, start: el?.selectionStart ?? body.length, end: el?.selectionEnd ?? body.length };
  }

  function apply(result: TextSelection) {
    nextSelection.current = { start: result.start, end: result.end };
    onChange(result.text);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    const kind = shortcutOf(event);
    if (!kind) return;
    event.preventDefault();
    apply(applyFormat(current(), kind));
  }

  const previewHtml = useMemo(
    () => (tab === 'preview' ? renderMarkdown(body, { mediaPublicUrl }) : ''),
    [tab, body, mediaPublicUrl],
  );

  return (
    <div className="field">
      <div className="row editor-tabs">
        <span className="label" id="body-label">
          Body
        </span>
        <span className="spacer" />
        <Tabs tab={tab} onTab={setTab} />
      </div>
      {tab === 'write' ? (
        <div role="tabpanel" id="panel-write" aria-labelledby="tab-write">
          <MarkdownToolbar
            controls="editor-body"
            onFormat={(kind: FormatKind) => apply(applyFormat(current(), kind))}
            onImage={() => {
              imageAt.current = current();
              setImageOpen(true);
            }}
          />
          <textarea
            ref={textarea}
            id="editor-body"
            className="editor-body"
            aria-labelledby="body-label"
            aria-describedby="body-hint"
            value={body}
            onChange={(e) => onChange(e.target.value)}
            onKeyDown={onKeyDown}
            rows={14}
            data-testid="editor-body"
          />
          <span className="hint" id="body-hint">
            Markdown: **bold**, _italic_, # headings, [links](https://…), lists, `code`. The toolbar (or
            Ctrl+B, Ctrl+I, Ctrl+K) formats the selected text; the picture button inserts an image.
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
      <BodyImageDialog
        open={imageOpen}
        onClose={() => setImageOpen(false)}
        onSessionLost={onSessionLost}
        onInsert={(markdown) => {
          setImageOpen(false);
          apply(insertBlock(imageAt.current ?? current(), markdown));
        }}
      />
    </div>
  );
}
