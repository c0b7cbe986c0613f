import { describe, expect, it } from 'vitest';
import type { WebConfig } from './config';
import { excerpt, postThumbnailUrl, publicMediaUrl, thumbnailKeyFor } from './media';

const config = { mediaPublicUrl: 'http://127.0.0.1:4804/media-bucket' } as WebConfig;

const SUB = '0b5f2d6e-7c1a-4e3b-9d2f-0123456789ab';

describe('thumbnailKeyFor', () => {
  it('follows the thumbnail Lambda (@app/images): whole file name, width suffix, .webp', () => {
    expect(thumbnailKeyFor(`uploads/${SUB}/mx1-sea-view.jpg`, 320)).toBe(
      `thumbnails/${SUB}/mx1-sea-view.jpg-w320.webp`,
    );
    expect(thumbnailKeyFor(`uploads/${SUB}/a.b.c.png`, 1280)).toBe(`thumbnails/${SUB}/a.b.c.png-w1280.webp`);
    expect(thumbnailKeyFor(`uploads/${SUB}/noext`, 320)).toBe(`thumbnails/${SUB}/noext-w320.webp`);
  });

  it('refuses keys outside uploads/{userId}/', () => {
    expect(thumbnailKeyFor(`private/${SUB}/a.jpg`, 320)).toBeNull();
    expect(thumbnailKeyFor('uploads/a.jpg', 320)).toBeNull();
    expect(thumbnailKeyFor(`uploads/${SUB}/../x/a.jpg`, 320)).toBeNull();
  });
});

describe('postThumbnailUrl', () => {
  it('prefers the key the API reports, under the public media URL', () => {
    const post = {
      coverImage: 'uploads/id/x.jpg',
      thumbnails: { status: 'ready' as const, w320: 'thumbnails/id/x-w320.webp' },
    };
    expect(postThumbnailUrl(config, post, 320)).toBe(
      'http://127.0.0.1:4804/media-bucket/thumbnails/id/x-w320.webp',
    );
  });

  it('derives the URL from the cover while pending, and gives none when processing failed or there is no cover', () => {
    const pending = {
      coverImage: `uploads/${SUB}/x.jpg`,
      thumbnails: { status: 'pending' as const, w320: null },
    };
    expect(postThumbnailUrl(config, pending, 320)).toBe(
      `http://127.0.0.1:4804/media-bucket/thumbnails/${SUB}/x.jpg-w320.webp`,
    );
    const failed = { coverImage: 'uploads/id/x.jpg', thumbnails: { status: 'failed' as const, w320: null } };
    expect(postThumbnailUrl(config, failed, 320)).toBeNull();
    expect(postThumbnailUrl(config, { coverImage: null, thumbnails: null }, 320)).toBeNull();
  });

  it('encodes each path segment but keeps the slashes', () => {
    expect(publicMediaUrl(config, 'thumbnails/us-east-1:a b/x.webp')).toBe(
      'http://127.0.0.1:4804/media-bucket/thumbnails/us-east-1%3Aa%20b/x.webp',
    );
    expect(publicMediaUrl(config, 'https://cdn.example/t.webp')).toBe('https://cdn.example/t.webp');
  });
});

describe('excerpt', () => {
  it('is plain text: no markdown marks, links reduced to their text, scripts dropped', () => {
    const text = excerpt(
      '# Title\n\nSome **bold** and a [link](https://x.y).\n<script>alert(1)</script>\n```js\ncode()\n```',
    );
    expect(text).toBe('Title. Some bold and a link.');
  });

  it('keeps blocks apart: headings and list items become sentences, no stray spaces before stops', () => {
    const text = excerpt(
      'A garden diary, _written_ in **Markdown**.\n\n## What I planted\n\n- Tomatoes\n- Basil\n1. Mint\n\n![a photo](x.png)\n\n---\n\nDone!',
    );
    expect(text).toBe('A garden diary, written in Markdown. What I planted. Tomatoes. Basil. Mint. Done!');
  });

  it('cuts long text at a word boundary', () => {
    const text = excerpt('word '.repeat(100), 22);
    expect(text).toBe('word word word word…');
  });
});
