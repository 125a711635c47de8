export type FormParse = { ok: true; params: [string, string][] } | { ok: false; message: string; params: [string, string][] };

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/**
 * Decodes an `application/x-www-form-urlencoded` body the way SQS's query protocol does (aws-reference C.1): split on
 * `&`, `+` → space, `%XX` → UTF-8 bytes. A malformed escape makes the whole request a MalformedQueryString.
 */
export function parseFormBody(body: string): FormParse {
  const params: [string, string][] = [];
  let error: string | undefined;
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    const key = decode(rawKey);
    const value = decode(rawValue);
    if (key === null || value === null) {
      error ??= `"${pair.length > 60 ? `${pair.slice(0, 60)}…` : pair}" contains a malformed percent-escape.`;
      params.push([rawKey, rawValue]);
      continue;
    }
    params.push([key, value]);
  }
  return error === undefined ? { ok: true, params } : { ok: false, message: error, params };
}

export function formValue(params: readonly [string, string][], name: string): string | undefined {
  return params.find(([k]) => k === name)?.[1];
}
