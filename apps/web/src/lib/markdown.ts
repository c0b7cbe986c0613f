import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { isBodyImageUrl, splitImageSize } from './media';

/**
 * Markdown → HTML with nothing executable left: no script, no on* handler, no javascript: URL.
 * Images are kept only when they are thumbnails of this site's uploads (`mediaPublicUrl`/thumbnails/…,
 * what the editor inserts): an outside image would tell a third party who reads the post; such an
 * image is replaced by its alt text. A body image's box is reserved from the size in its URL
 * (`withImageSize`: width/height attributes, the CSS keeps the ratio) and from nothing else.
 */
export function renderMarkdown(markdown: string, options: { mediaPublicUrl: string }): string {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: false });
  const fragment = DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style', 'srcset'],
    RETURN_DOM_FRAGMENT: true,
  });
  for (const img of Array.from(fragment.querySelectorAll('img'))) {
    const { url, size } = splitImageSize(img.getAttribute('src') ?? '');
    if (isBodyImageUrl(options.mediaPublicUrl, url)) {
      img.setAttribute('src', url);
      img.removeAttribute('width');
      img.removeAttribute('height');
      if (size) {
        img.setAttribute('width', String(size.width));
        img.setAttribute('height', String(size.height));
      }
      img.setAttribute('loading', 'lazy');
      img.setAttribute('alt', img.getAttribute('alt') ?? '');
    } else {
      img.replaceWith(document.createTextNode(img.getAttribute('alt') ?? ''));
    }
  }
  const container = document.createElement('div');
  container.append(fragment);
  return container.innerHTML;
}
