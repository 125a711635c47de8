import { decodeForm } from '@/lib/sqs/form';

export type FormParse = { ok: true; params: [string, string][] } | { ok: false; message: string; params: [string, string][] };

/**
 * Decodes an `application/x-www-form-urlencoded` body exactly as SQS's query protocol does — the same codec the
 * sandbox's SQS uses (lib/sqs/form.ts) — so the doctor predicts MalformedQueryString exactly when SQS answers it.
 */
export function parseFormBody(body: string): FormParse {
  const decoded = decodeForm(body);
  return decoded.ok ? { ok: true, params: decoded.params } : { ok: false, message: `${decoded.error.pair.length > 60 ? `"${decoded.error.pair.slice(0, 60)}…"` : `"${decoded.error.pair}"`} contains a malformed percent-escape.`, params: decoded.params };
}

export function formValue(params: readonly [string, string][], name: string): string | undefined {
  return params.find(([k]) => k === name)?.[1];
}
