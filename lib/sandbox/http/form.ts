import 'server-only';
import { decodeForm, type FormDecodeResult } from '@/lib/sqs/form';

export type FormParseError = { code: 'MalformedQueryString'; message: string };
export type FormParseResult = { ok: true; params: URLSearchParams } | { ok: false; error: FormParseError };

function toResult(decoded: FormDecodeResult): FormParseResult {
  if (!decoded.ok) return { ok: false, error: { code: decoded.error.code, message: decoded.error.message } };
  return { ok: true, params: new URLSearchParams(decoded.params) };
}

/**
 * A raw query string read the way AWS query services read it (lib/sqs/form.ts, shared with the doctor and the
 * preview). Node hands the request target over as latin1 text, one character per byte, so it is decoded as bytes.
 */
export function parseQueryString(raw: string): FormParseResult {
  if (raw === '') return { ok: true, params: new URLSearchParams() };
  return toResult(decodeForm(Uint8Array.from(raw, (c) => c.charCodeAt(0) & 0xff)));
}

/** Parses a form-encoded request body (see {@link parseQueryString}). */
export function parseForm(body: Buffer | string): FormParseResult {
  return toResult(decodeForm(typeof body === 'string' ? body : new Uint8Array(body.buffer, body.byteOffset, body.byteLength)));
}

/** True when a Content-Type header names a form-encoded body (parameters such as `charset` are ignored). */
export function isFormContentType(contentType: string | undefined): boolean {
  return mediaType(contentType) === 'application/x-www-form-urlencoded';
}

/** The media type of a Content-Type header, lower-cased, without parameters ('' when absent). */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
