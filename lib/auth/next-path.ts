/**
 * Where the login page sends the user after signing in: a path on this console, never another site. The check
 * resolves `next` the way a browser resolves a Location header and compares origins, because string tests miss the
 * forms browsers normalise into another host (`/\evil.example`, `/<TAB>/evil.example`). A fixed stand-in origin is
 * used rather than the request's Host, which the client controls.
 */
const SELF = 'http://console.sluice.invalid';
const FALLBACK = '/designs';

export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/')) return FALLBACK;
  let url: URL;
  try {
    url = new URL(next, SELF);
  } catch {
    return FALLBACK;
  }
  // `/.//evil.example` resolves to the path `//evil.example`, which a browser reads back as another host.
  if (url.origin !== SELF || url.pathname.startsWith('//') || url.pathname === '/login' || url.pathname.startsWith('/login/')) return FALLBACK;
  return `${url.pathname}${url.search}${url.hash}`;
}
