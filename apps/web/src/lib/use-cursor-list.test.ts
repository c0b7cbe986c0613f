import { describe, expect, it } from 'vitest';
import { withCursor } from './use-cursor-list';

describe('withCursor', () => {
  it('leaves the first page alone and encodes the cursor of the next ones', () => {
    expect(withCursor('/todos?status=all&limit=20', null)).toBe('/todos?status=all&limit=20');
    expect(withCursor('/posts?limit=12', 'a+b/c=')).toBe('/posts?limit=12&cursor=a%2Bb%2Fc%3D');
  });
});
