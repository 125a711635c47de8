/**
 * SQS's reading of an `application/x-www-form-urlencoded` body or query string (the AWS query protocol,
 * aws-reference C.1/C.3), shared by the sandbox's SQS, the doctor and the preview so that they cannot disagree: `&`
 * separates pairs, `+` is a space, `%XX` is one byte, and a `%` not followed by two hex digits is a syntax error
 * (MalformedQueryString). The bytes are then read as UTF-8 with invalid sequences replaced (U+FFFD), as Java's
 * decoders do — so `caf%E9` is accepted as `caf\uFFFD`, not refused. Pure: no Buffer, runs in the browser.
 */

export type FormDecodeError = { code: 'MalformedQueryString'; message: string; pair: string };
export type FormDecodeResult = { ok: true; params: [string, string][] } | { ok: false; error: FormDecodeError; params: [string, string][] };

const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

const hexValue = (c: number): number => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1);

/** Decodes one name or value (its raw bytes); undefined on a malformed escape. */
function decodeComponent(bytes: Uint8Array): string | undefined {
  if (!bytes.includes(0x25) && !bytes.includes(0x2b)) return utf8.decode(bytes);
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0x2b) out[n++] = 0x20;
    else if (c === 0x25) {
      const hi = i + 1 < bytes.length ? hexValue(bytes[i + 1]!) : -1;
      const lo = i + 2 < bytes.length ? hexValue(bytes[i + 2]!) : -1;
      if (hi < 0 || lo < 0) return undefined;
      out[n++] = hi * 16 + lo;
      i += 2;
    } else out[n++] = c;
  }
  return utf8.decode(out.subarray(0, n));
}

/**
 * Decodes a form body given as bytes (what arrives on the wire) or as text (what a template renders, sent as UTF-8).
 * On a malformed escape the error names the first bad pair; `params` still lists every pair (undecodable ones raw),
 * so the doctor can go on reading the rest.
 */
export function decodeForm(input: Uint8Array | string): FormDecodeResult {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  const params: [string, string][] = [];
  let error: FormDecodeError | undefined;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x26) continue;
    const pair = bytes.subarray(start, i);
    start = i + 1;
    if (pair.length === 0) continue;
    const eq = pair.indexOf(0x3d);
    const rawName = eq < 0 ? pair : pair.subarray(0, eq);
    const rawValue = eq < 0 ? new Uint8Array(0) : pair.subarray(eq + 1);
    const name = decodeComponent(rawName);
    const value = decodeComponent(rawValue);
    if (name === undefined || value === undefined) {
      const text = utf8.decode(pair);
      error ??= { code: 'MalformedQueryString', message: `The request contains an invalid percent-encoded sequence in "${text.length > 60 ? `${text.slice(0, 60)}…` : text}".`, pair: text };
      params.push([utf8.decode(rawName), utf8.decode(rawValue)]);
      continue;
    }
    params.push([name, value]);
  }
  return error ? { ok: false, error, params } : { ok: true, params };
}
