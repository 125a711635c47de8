import 'server-only';
import { el, isFormContentType, newRequestId, node, parseForm, parseQueryString, renderXml, XML_DECLARATION, xmlErrorResponse, type XmlNode } from '@/lib/sandbox/http';
import type { SandboxRequest, SandboxResponse } from '@/lib/sandbox/types';
import { emptyRecord } from '@/lib/records';

/** An error an IAM/STS operation answers with; rendered as a query-protocol `<ErrorResponse>`. */
export class QueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * Query-protocol parameters: the query string plus, for form-encoded bodies, the body (the SDK and the CLI POST a
 * form; `GET ?Action=…` works on AWS too). Null when the encoding is broken.
 */
export function readQueryParams(req: SandboxRequest): URLSearchParams | null {
  const fromQuery = parseQueryString(req.rawQuery);
  if (!fromQuery.ok) return null;
  const params = fromQuery.params;
  if (req.body.length > 0 && (isFormContentType(req.headers['content-type']) || req.method === 'POST')) {
    const fromBody = parseForm(req.body);
    if (!fromBody.ok) return null;
    for (const [k, v] of fromBody.params) params.append(k, v);
  }
  return params;
}

/** `Prefix.member.1`, `Prefix.member.2`, … in index order. */
export function memberList(params: URLSearchParams, prefix: string): string[] {
  const found: [number, string][] = [];
  const re = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.member\\.(\\d+)$`);
  for (const [k, v] of params) {
    const m = re.exec(k);
    if (m) found.push([Number(m[1]), v]);
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** `Prefix.member.N.Field[.member.M]` → one object per N; nested lists under `Field` are collected as arrays. */
export function memberStructs(params: URLSearchParams, prefix: string): Record<string, string | string[]>[] {
  const byIndex = new Map<number, Record<string, string | string[]>>();
  const re = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.member\\.(\\d+)\\.([A-Za-z]+)(?:\\.member\\.(\\d+))?$`);
  const nested = new Map<string, [number, string][]>();
  for (const [k, v] of params) {
    const m = re.exec(k);
    if (!m) continue;
    const index = Number(m[1]);
    const entry = byIndex.get(index) ?? emptyRecord<string | string[]>();
    byIndex.set(index, entry);
    if (m[3] === undefined) entry[m[2]!] = v;
    else {
      const key = `${index}\u0000${m[2]}`;
      const list = nested.get(key) ?? [];
      list.push([Number(m[3]), v]);
      nested.set(key, list);
    }
  }
  for (const [key, list] of nested) {
    const [index, field] = key.split('\u0000') as [string, string];
    byIndex.get(Number(index))![field] = list.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** `<{Action}Response xmlns=…>[<{Action}Result>…</{Action}Result>]<ResponseMetadata><RequestId/></ResponseMetadata>` */
export function queryResponse(namespace: string, action: string, result: XmlNode[] | null): SandboxResponse {
  const requestId = newRequestId();
  const children: XmlNode[] = [];
  if (result !== null) children.push({ name: `${action}Result`, children: result, text: '' });
  children.push(node('ResponseMetadata', [el('RequestId', requestId)]));
  const body = XML_DECLARATION + renderXml({ name: `${action}Response`, attrs: { xmlns: namespace }, children });
  return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
}

export function queryErrorResponse(namespace: string, error: { code: string; message: string; status: number }): SandboxResponse {
  return xmlErrorResponse({ namespace, code: error.code, message: error.message, status: error.status });
}

/** `<Name><member>…</member>…</Name>`, IAM's list rendering. */
export function members(name: string, items: XmlNode[][]): XmlNode {
  return { name, children: items.map((children) => ({ name: 'member', children })), text: '' };
}

export function stringMembers(name: string, items: string[]): XmlNode {
  return { name, children: items.map((v) => el('member', v)), text: '' };
}

/** The form of IAM's constraint errors: `1 validation error detected: Value 'x' at 'roleName' failed to satisfy constraint: …`. */
export function validationError(value: string | null, field: string, constraint: string): QueryError {
  const shown = value === null ? 'null' : `'${value}'`;
  return new QueryError('ValidationError', `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`, 400);
}

export function requireParam(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null) throw validationError(null, name.charAt(0).toLowerCase() + name.slice(1), 'Member must not be null');
  return value;
}

/** AWS returns policy documents URL-encoded per RFC 3986 in IAM responses (the CLI decodes them; the SDK does not). */
export function encodePolicyDocument(document: string): string {
  return encodeURIComponent(document).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}
