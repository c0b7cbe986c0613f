// Every Cache-Control policy of the app, in one place.

/** Published content: browsers revalidate after a minute, CloudFront keeps it 5 minutes and may serve it stale while refreshing. */
export const PUBLIC_CACHE = {
  'cache-control': 'public, max-age=60, s-maxage=300, stale-while-revalidate=86400',
};

/** Anything only its owner may see and that changes with every write (drafts, "my posts", statuses): never stored. */
export const PRIVATE_NO_STORE = { 'cache-control': 'private, no-store' };

/** Private data a browser may keep but must revalidate (If-None-Match → 304) before reuse. */
export const PRIVATE_REVALIDATE = { 'cache-control': 'private, no-cache' };

/** Thumbnail keys never change for an upload, so browsers and CDNs may keep them for a year. */
export const THUMBNAIL_CACHE_CONTROL = 'public, max-age=31536000, immutable';
