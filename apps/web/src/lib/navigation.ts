/** Only same-site paths: `next` must never send a user to another origin. */
export function safeNext(next: string | null, fallback = '/todos'): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}
