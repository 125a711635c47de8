import 'server-only';

export type FormParseError = { code: 'MalformedQueryString'; message: string };
export type FormParseResult = { ok: true; params: URLSearchParams } | { ok: false; error: FormParseError };

const HEX = /^[0-9a-fA-F]{2}$/;

/**
 * Strict `application/x-www-form-urlencoded` / query-string decoding as AWS query services do it: `+` is a space,
 * `%XX` a byte, and a `%` not followed by two hex digits is a syntax error (MalformedQueryString, aws-reference C.3).
 * URLSearchParams would silently keep such a `%`, which is why this parser exists.
 */
export function parseQueryString(raw: string): FormParseResult {
  const params = new URLSearchParams();
  if (raw === '') return { ok: true, params };
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const name = decodeComponent(rawName);
    if (!name.ok) return name;
    const value = decodeComponent(rawValue);
    if (!value.ok) return value;
    params.append(name.value, value.value);
  }
  return { ok: true, params };
}

/** Parses a form-encoded request body (see {@link parseQueryString}). */
export function parseForm(body: Buffer | string): FormParseResult {
  return parseQueryString(typeof body === 'string' ? body : body.toString('latin1'));
}

function decodeComponent(s: string): { ok: true; value: string } | { ok: false; error: FormParseError } {
  if (!s.includes('%') && !s.includes('+')) return { ok: true, value: Buffer.from(s, 'latin1').toString('utf8') };
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2b) bytes.push(0x20);
    else if (c === 0x25) {
      const hex = s.slice(i + 1, i + 3);
      if (!HEX.test(hex)) {
        return {
          ok: false,
          error: {
            code: 'MalformedQueryString',
            message: `The request contains an invalid percent-encoded sequence "${s.slice(i, i + 3)}".`,
          },
        };
      }
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(c & 0xff);
  }
  return { ok: true, value: Buffer.from(bytes).toString('utf8') };
}

/** True when a Content-Type header names a form-encoded body (parameters such as `charset` are ignored). */
export function isFormContentType(contentType: string | undefined): boolean {
  return mediaType(contentType) === 'application/x-www-form-urlencoded';
}

/** The media type of a Content-Type header, lower-cased, without parameters ('' when absent). */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
