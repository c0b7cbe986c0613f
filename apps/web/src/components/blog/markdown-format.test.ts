import { describe, expect, it } from 'vitest';
import { applyFormat, imageMarkdown, insertBlock, type TextSelection } from './markdown-format';

/** `a[b]c` → text `abc` with `b` selected; `a|c` → a caret between a and c. */
function sel(marked: string): TextSelection {
  if (marked.includes('|')) {
    const at = marked.indexOf('|');
    return { text: marked.replace('|', ''), start: at, end: at };
  }
  const start = marked.indexOf('[');
  const end = marked.indexOf(']') - 1;
  return { text: marked.replace('[', '').replace(']', ''), start, end };
}

function show(s: TextSelection): string {
  return s.start === s.end
    ? `${s.text.slice(0, s.start)}|${s.text.slice(s.start)}`
    : `${s.text.slice(0, s.start)}[${s.text.slice(s.start, s.end)}]${s.text.slice(s.end)}`;
}

describe('applyFormat', () => {
  it('wraps the selection in bold, italic or code marks, keeping the words selected', () => {
    expect(show(applyFormat(sel('a [big] deal'), 'bold'))).toBe('a **[big]** deal');
    expect(show(applyFormat(sel('a [big] deal'), 'italic'))).toBe('a _[big]_ deal');
    expect(show(applyFormat(sel('run [npm test] now'), 'code'))).toBe('run `[npm test]` now');
  });

  it('unwraps a selection that is wrapped already (the button toggles)', () => {
    expect(show(applyFormat(sel('a **[big]** deal'), 'bold'))).toBe('a [big] deal');
  });

  it('inserts a selected placeholder at a caret', () => {
    expect(show(applyFormat(sel('a |'), 'bold'))).toBe('a **[bold text]**');
  });

  it('makes a multi-line selection a fenced code block on lines of its own', () => {
    expect(show(applyFormat(sel('x [a\nb] y'), 'code'))).toBe('x \n```\n[a\nb]\n```\n y');
  });

  it('prefixes every selected line for lists and quotes, and takes the prefix away again', () => {
    const listed = applyFormat(sel('intro\n[one\ntwo]\nend'), 'list');
    expect(show(listed)).toBe('intro\n[- one\n- two]\nend');
    expect(show(applyFormat(listed, 'list'))).toBe('intro\n[one\ntwo]\nend');
    expect(show(applyFormat(sel('wise |words'), 'quote'))).toBe('[> wise words]');
  });

  it('makes the line a heading, replacing another heading level', () => {
    expect(show(applyFormat(sel('# Ti|tle'), 'heading'))).toBe('[## Title]');
  });

  it('links the selected words and selects the URL to type; a selected URL gets words to type', () => {
    expect(show(applyFormat(sel('see [the sea]'), 'link'))).toBe('see [the sea]([https://])');
    expect(show(applyFormat(sel('[https://example.com]'), 'link'))).toBe(
      '[[link text]](https://example.com)',
    );
  });
});

describe('images', () => {
  it('writes the image markdown with the alt text made safe', () => {
    expect(imageMarkdown(' A [red]\nboat ', 'https://m/x.webp')).toBe(
      '![A \\[red\\] boat](https://m/x.webp)',
    );
  });

  it('puts the image on a paragraph of its own', () => {
    expect(show(insertBlock(sel('before|after'), '![a](u)'))).toBe('before\n\n![a](u)\n\n|after');
    expect(show(insertBlock(sel('|'), '![a](u)'))).toBe('![a](u)\n|');
    expect(show(insertBlock(sel('para\n\n|'), '![a](u)'))).toBe('para\n\n![a](u)\n|');
  });
});
