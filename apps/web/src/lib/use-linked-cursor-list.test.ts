import { describe, expect, it } from 'vitest';
import { planFor } from './use-linked-cursor-list';

const page = (cursor: string | null, next: string | null) => ({ cursor, items: [], next });

describe('planFor (following ?after= in the URL)', () => {
  const shown = [page(null, 'c1'), page('c1', 'c2')];

  it('starts over when nothing is shown yet or the cursor is unknown (a shared link, a reload)', () => {
    expect(planFor([], null)).toEqual({ kind: 'reset' });
    expect(planFor([], 'c1')).toEqual({ kind: 'reset' });
    expect(planFor(shown, 'elsewhere')).toEqual({ kind: 'reset' });
  });

  it('keeps the pages up to the one named (back), fetching nothing', () => {
    expect(planFor(shown, null)).toEqual({ kind: 'truncate', keep: 1 });
    expect(planFor(shown, 'c1')).toEqual({ kind: 'truncate', keep: 2 });
  });

  it('appends when the URL names the page after the last one shown (forward)', () => {
    expect(planFor(shown, 'c2')).toEqual({ kind: 'append' });
  });
});
