// The markdown toolbar's edits, as pure functions of the text and its selection (so they can be
// tested without a browser): each returns the new text and what to select afterwards.

export interface TextSelection {
  text: string;
  start: number;
  end: number;
}

export type FormatKind = 'bold' | 'italic' | 'heading' | 'link' | 'list' | 'quote' | 'code';

const INLINE: Record<'bold' | 'italic' | 'code', { mark: string; placeholder: string }> = {
  bold: { mark: '**', placeholder: 'bold text' },
  italic: { mark: '_', placeholder: 'italic text' },
  code: { mark: '`', placeholder: 'code' },
};

const LINE_PREFIX: Record<'heading' | 'list' | 'quote', string> = {
  heading: '## ',
  list: '- ',
  quote: '> ',
};

function replace(sel: TextSelection, from: number, to: number, insert: string): string {
  return sel.text.slice(0, from) + insert + sel.text.slice(to);
}

/** Wraps the selection in `mark` (or unwraps it when it is wrapped already); empty: a selected placeholder. */
function toggleInline(sel: TextSelection, mark: string, placeholder: string): TextSelection {
  const { text, start, end } = sel;
  const m = mark.length;
  if (text.slice(start - m, start) === mark && text.slice(end, end + m) === mark) {
    const unwrapped = text.slice(0, start - m) + text.slice(start, end) + text.slice(end + m);
    return { text: unwrapped, start: start - m, end: end - m };
  }
  const inner = text.slice(start, end) || placeholder;
  return {
    text: replace(sel, start, end, `${mark}${inner}${mark}`),
    start: start + m,
    end: start + m + inner.length,
  };
}

/** A multi-line selection as code: a fenced block on lines of its own. */
function codeBlock(sel: TextSelection): TextSelection {
  const { text, start, end } = sel;
  const before = start === 0 || text[start - 1] === '\n' ? '' : '\n';
  const inner = text.slice(start, end).replace(/\n$/, '');
  const block = `${before}\`\`\`\n${inner}\n\`\`\`\n`;
  const innerStart = start + before.length + 4;
  return { text: replace(sel, start, end, block), start: innerStart, end: innerStart + inner.length };
}

/** Adds `prefix` to every line the selection touches, or takes it away when all have it. */
function toggleLinePrefix(sel: TextSelection, prefix: string): TextSelection {
  const { text } = sel;
  const lineStart = text.lastIndexOf('\n', sel.start - 1) + 1;
  const endSearch = sel.end > sel.start && text[sel.end - 1] === '\n' ? sel.end - 1 : sel.end;
  const nextBreak = text.indexOf('\n', endSearch);
  const lineEnd = nextBreak === -1 ? text.length : nextBreak;
  const lines = text.slice(lineStart, lineEnd).split('\n');
  const bare = prefix.trimEnd();
  const all = lines.every((l) => l.startsWith(prefix) || l === bare);
  // A heading replaces another heading level instead of stacking (`## # Title`).
  const strip = (l: string) => (prefix === '## ' ? l.replace(/^#{1,6}\s+/, '') : l);
  const changed = lines
    .map((l) => (all ? l.slice(l.startsWith(prefix) ? prefix.length : bare.length) : `${prefix}${strip(l)}`))
    .join('\n');
  return {
    text: replace(sel, lineStart, lineEnd, changed),
    start: lineStart,
    end: lineStart + changed.length,
  };
}

/** `[words](url)`: selects the URL to type when words were selected, the words when a URL was. */
function link(sel: TextSelection): TextSelection {
  const selected = sel.text.slice(sel.start, sel.end);
  if (/^https?:\/\/\S+$/.test(selected)) {
    const words = 'link text';
    return {
      text: replace(sel, sel.start, sel.end, `[${words}](${selected})`),
      start: sel.start + 1,
      end: sel.start + 1 + words.length,
    };
  }
  const words = selected || 'link text';
  const url = 'https://';
  const urlStart = sel.start + words.length + 3;
  return {
    text: replace(sel, sel.start, sel.end, `[${words}](${url})`),
    start: urlStart,
    end: urlStart + url.length,
  };
}

export function applyFormat(sel: TextSelection, kind: FormatKind): TextSelection {
  switch (kind) {
    case 'bold':
    case 'italic':
      return toggleInline(sel, INLINE[kind].mark, INLINE[kind].placeholder);
    case 'code':
      return sel.text.slice(sel.start, sel.end).includes('\n')
        ? codeBlock(sel)
        : toggleInline(sel, INLINE.code.mark, INLINE.code.placeholder);
    case 'heading':
    case 'list':
    case 'quote':
      return toggleLinePrefix(sel, LINE_PREFIX[kind]);
    case 'link':
      return link(sel);
  }
}

/** `![alt](url)` with the alt text made safe for markdown (no brackets or line breaks left to break it). */
export function imageMarkdown(alt: string, url: string): string {
  const safeAlt = alt
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/([\\[\]])/g, '\\$1');
  return `![${safeAlt}](${url})`;
}

/** Puts `block` (an image) in place of the selection, on a paragraph of its own; the caret goes after it. */
export function insertBlock(sel: TextSelection, block: string): TextSelection {
  const { text, start, end } = sel;
  const before = text.slice(0, start);
  const after = text.slice(end);
  const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const trail = after === '' ? '\n' : after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n';
  const inserted = `${lead}${block}${trail}`;
  const caret = start + inserted.length;
  return { text: before + inserted + after, start: caret, end: caret };
}
