'use client';

import { type KeyboardEvent, useRef, useState } from 'react';
import type { FormatKind } from './markdown-format';

type ToolKind = FormatKind | 'image';

const TOOLS: { kind: ToolKind; label: string; face: string; keys?: string }[] = [
  { kind: 'bold', label: 'Bold', face: 'B', keys: 'Control+B' },
  { kind: 'italic', label: 'Italic', face: 'I', keys: 'Control+I' },
  { kind: 'heading', label: 'Heading', face: 'H' },
  { kind: 'link', label: 'Link', face: '🔗', keys: 'Control+K' },
  { kind: 'list', label: 'Bulleted list', face: '•' },
  { kind: 'quote', label: 'Quote', face: '❝' },
  { kind: 'code', label: 'Code', face: '</>' },
  { kind: 'image', label: 'Insert image', face: '🖼' },
];

/** The shortcut a key press in the textarea stands for (Ctrl/⌘ + B, I, K), if any. */
export function shortcutOf(event: KeyboardEvent): FormatKind | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return null;
  return ({ b: 'bold', i: 'italic', k: 'link' } as const)[event.key.toLowerCase() as 'b' | 'i' | 'k'] ?? null;
}

/**
 * The markdown toolbar (WAI-ARIA toolbar pattern): one tab stop, arrow keys / Home / End move
 * between the buttons, each named for screen readers. It edits the textarea named by `controls`.
 */
export function MarkdownToolbar({
  controls,
  onFormat,
  onImage,
}: {
  controls: string;
  onFormat: (kind: FormatKind) => void;
  onImage: () => void;
}) {
  const [active, setActive] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  function onKeyDown(event: KeyboardEvent) {
    const count = TOOLS.length;
    const moves: Record<string, number> = {
      ArrowRight: (active + 1) % count,
      ArrowLeft: (active - 1 + count) % count,
      Home: 0,
      End: count - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setActive(next);
    buttons.current[next]?.focus();
  }

  return (
    <div
      className="md-toolbar"
      role="toolbar"
      aria-label="Formatting"
      aria-controls={controls}
      onKeyDown={onKeyDown}
      data-testid="md-toolbar"
    >
      {TOOLS.map((tool, index) => (
        <button
          key={tool.kind}
          ref={(el) => {
            buttons.current[index] = el;
          }}
          type="button"
          className="md-tool"
          tabIndex={index === active ? 0 : -1}
          aria-label={tool.label}
          aria-keyshortcuts={tool.keys}
          title={tool.keys ? `${tool.label} (${tool.keys.replace('Control', 'Ctrl')})` : tool.label}
          onFocus={() => setActive(index)}
          onClick={() => (tool.kind === 'image' ? onImage() : onFormat(tool.kind))}
          data-testid={`md-${tool.kind}`}
        >
          <span aria-hidden="true">{tool.face}</span>
        </button>
      ))}
    </div>
  );
}
