/** The `$input` and `$util` objects API Gateway binds for a template (A.2, A.3). */
import { HostObject, JMap, VtlLimitError, VtlRuntimeError, deepCopy, toJsonString, type JValue } from './values';
import { compileJsonPath, evaluateJsonPath } from './jsonpath';
import { parseJsonPermissive } from './json';
import { base64Decode, base64Encode, escapeJavaScript, urlDecode, urlEncode } from './java';
import { isStr, NOT_FOUND, type CallResult } from './call';

type ParsedBody = { doc: JValue } | { error: true };

const docCache = new Map<string, ParsedBody>();
const DOC_CACHE_MAX_BODY = 256 * 1024;

function parseBody(body: string): ParsedBody {
  const hit = docCache.get(body);
  if (hit) return hit;
  let entry: ParsedBody;
  try {
    entry = { doc: parseJsonPermissive(body) };
  } catch {
    entry = { error: true };
  }
  if (body.length <= DOC_CACHE_MAX_BODY) {
    if (docCache.size >= 32) {
      const first = docCache.keys().next();
      if (!first.done) docCache.delete(first.value);
    }
    docCache.set(body, entry);
  }
  return entry;
}

/** `$input` (A.2). The body is parsed once per distinct body text; each `path()` result is a fresh copy. */
export class InputObject extends HostObject {
  readonly hostName = 'input';
  constructor(
    readonly body: string,
    readonly params: JMap,
  ) {
    super();
  }

  private parsed: ParsedBody | null = null;

  read(path: string): JValue | undefined {
    this.parsed ??= parseBody(this.body);
    const parsed = this.parsed;
    if ('error' in parsed || parsed.doc === null) return undefined;
    try {
      return evaluateJsonPath(parsed.doc, compileJsonPath(path));
    } catch (e) {
      if (e instanceof VtlLimitError) throw e;
      return undefined;
    }
  }

  param(name: string): JValue {
    for (const key of ['path', 'querystring', 'header']) {
      const m = this.params.map.get(key);
      if (m instanceof JMap && m.map.has(name)) return m.map.get(name) ?? null;
    }
    return '';
  }
}

export class UtilObject extends HostObject {
  readonly hostName = 'util';
}

export function utilMethod(name: string, args: JValue[]): CallResult {
  if (args.length !== 1) return NOT_FOUND;
  const a = args[0] ?? null;
  if (a !== null && typeof a !== 'string') return NOT_FOUND;
  switch (name) {
    case 'escapeJavaScript': return a === null ? null : escapeJavaScript(a);
    case 'urlEncode': return a === null ? null : urlEncode(a);
    case 'urlDecode': return a === null ? null : urlDecode(a);
    case 'base64Encode': return a === null ? null : base64Encode(a);
    case 'base64Decode': return a === null ? null : base64Decode(a);
    case 'parseJson': {
      if (a === null) return null;
      if (a.trim() === '') throw new VtlRuntimeError('json string can not be null or empty');
      const v = parseJsonPermissive(a);
      if (v === null) throw new VtlRuntimeError('json can not be null');
      return v;
    }
  }
  return NOT_FOUND;
}

export function inputMethod(v: InputObject, name: string, args: JValue[]): CallResult {
  if (name === 'getBody' && args.length === 0) return v.body;
  if (name === 'params') {
    if (args.length === 0) return v.params;
    if (args.length === 1 && isStr(args[0])) return v.param(args[0]);
    return NOT_FOUND;
  }
  if ((name === 'path' || name === 'json') && args.length === 1 && isStr(args[0])) {
    const r = v.read(args[0]);
    if (r === undefined) return null;
    return name === 'path' ? deepCopy(r) : toJsonString(r);
  }
  return NOT_FOUND;
}
