/** Cookie of an OpenID Connect sign-in: an opaque session id whose SHA-256 is the sessions row (lib/store/users.ts). */
export const SESSION_COOKIE = 'sluice-session';
