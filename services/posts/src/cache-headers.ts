/** Published content: browsers revalidate after a minute, CloudFront keeps it 5 minutes and may serve it stale while refreshing. */
export const PUBLIC_CACHE = {
  'cache-control': 'public, max-age=60, s-maxage=300, stale-while-revalidate=86400',
};

/** Anything only its author may see (drafts, "my posts"): never stored by a browser or CDN. */
export const PRIVATE_NO_STORE = { 'cache-control': 'private, no-store' };
