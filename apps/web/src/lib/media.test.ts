import { describe, expect, it } from 'vitest';
import type { WebConfig } from './config';
import {
  excerpt,
  isBodyImageUrl,
  postThumbnailUrl,
  publicMediaUrl,
  splitImageSize,
  thumbnailKeyFor,
  withImageSize,
} from './media';

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

describe('isBodyImageUrl (the images a post body may show)', () => {
  const base = config.mediaPublicUrl;
  const thumb = publicMediaUrl(config, `thumbnails/${SUB}/mx1-sea-view.jpg-w1280.webp`);

  it('accepts a thumbnail of an upload, as the editor inserts it', () => {
    expect(isBodyImageUrl(base, thumb)).toBe(true);
    expect(isBodyImageUrl(base, `${base}/thumbnails/${SUB}/dir/a%20b.png-w320.webp`)).toBe(true);
  });

  it('refuses other origins, other prefixes, tricks and relative or odd URLs', () => {
    for (const src of [
      `https://example.com/thumbnails/${SUB}/a.webp`,
      `http://127.0.0.1:4805/media-bucket/thumbnails/${SUB}/a.webp`,
      `${base}/uploads/${SUB}/a.jpg`,
      `${base}/thumbnails/${SUB}/../../private/${SUB}/secret.pdf`,
      `${base}/thumbnails/../private/${SUB}/a.webp`,
      `${base}/thumbnails/${SUB}/`,
      `${base}/thumbnails/not%2Fa%2Fuser/a.webp`,
      `${base}/thumbnails/${SUB}/a.webp?x=1`,
      `thumbnails/${SUB}/a.webp`,
      `/media-bucket/thumbnails/${SUB}/a.webp`,
      'javascript:alert(1)',
      'data:image/png;base64,AAAA',
      '',
    ]) {
      expect(isBodyImageUrl(base, src), src).toBe(false);
    }
  });
});

describe('withImageSize / splitImageSize (a body image carries its size in the URL fragment)', () => {
  const thumb = publicMediaUrl(config, `thumbnails/${SUB}/mx1-heron.png-w1280.webp`);

  it('round-trips the size, and the URL left is an acceptable body image', () => {
    const src = withImageSize(thumb, { width: 600, height: 900 });
    expect(src).toBe(`${thumb}#600x900`);
    const { url, size } = splitImageSize(src);
    expect(size).toEqual({ width: 600, height: 900 });
    expect(url).toBe(thumb);
    expect(isBodyImageUrl(config.mediaPublicUrl, url)).toBe(true);
  });

  it('takes off only that exact fragment, within the sides a thumbnail can have', () => {
    for (const src of [
      thumb,
      `${thumb}#0x900`,
      `${thumb}#600x`,
      `${thumb}#600x900x1`,
      `${thumb}#16384x10`,
      `${thumb}#600X900`,
      `${thumb}#xywh=0,0,10,10`,
      `${thumb}#600x900?x=1`,
    ]) {
      const { url, size } = splitImageSize(src);
      expect(size, src).toBeNull();
      expect(url, src).toBe(src);
    }
    // What stays keeps its fragment, so the body-image rule refuses it.
    expect(isBodyImageUrl(config.mediaPublicUrl, `${thumb}#600x`)).toBe(false);
    expect(splitImageSize(`${thumb}#16383x1`).size).toEqual({ width: 16383, height: 1 });
  });
});
