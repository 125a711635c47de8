/**
 * API Gateway mapping templates (Velocity 1.7 + API Gateway's $input/$util/$context/$stageVariables), rendered
 * exactly as AWS does (aws-reference.md section A). Own parser and interpreter (./parser, ./interpreter) rather than
 * velocityjs: its grammar rejects `""` quote doubling, its whitespace gobbling and value model differ from 1.7
 * (A.6), and a closed interpreter over a Java-like value model is what makes templates unable to reach JavaScript
 * internals. Pure and browser-safe: no Node APIs, no I/O.
 */
import { Renderer } from './interpreter';
import { InputObject } from './bindings';
import { lineColumn, parseTemplate, type Template, VtlParseError } from './parser';
import { JDouble, JInt, JList, JMap, type JValue, VtlLimitError, VtlRuntimeError, fromPlain, javaToString } from './values';
import { startBudget, VtlTimeLimitError } from './budget';

export { javaToString, javaDoubleToString, toJsonString } from './values';
export { escapeJavaScript, urlEncode, urlDecode, base64Encode, base64Decode } from './java';
export { FOREACH_LIMIT } from './interpreter';
export { setTemplateTimeLimit, TEMPLATE_TIME_LIMIT_MS } from './budget';
export { MAX_STRING_CHARS } from './values';
export { hasRepeatedAlternation, refuseAmbiguousRegexes, scanMatches, setRegexGuard, type MatchData, type RegexGuard } from './java';

export type VtlRequest = {
  body: string;
  path: Record<string, string>;
  querystring: Record<string, string>;
  headers: Record<string, string>;
  context: Record<string, unknown>;
  stageVariables: Record<string, string>;
};
/** `limit`: the render ran out of Sluice's time or size budget (lib/vtl/budget.ts), not a template error. */
export type VtlError = { kind: 'parse' | 'render' | 'limit'; message: string; line: number; column: number };
export type VtlOverrides = {
  requestOverride: { header: Record<string, string>; path: Record<string, string>; querystring: Record<string, string> };
  responseOverride: { header: Record<string, string>; status?: number };
};
export type RenderResult = { ok: true; output: string; overrides: VtlOverrides } | { ok: false; error: VtlError };

/** What API Gateway answers when a mapping template fails (A.1). */
export const TEMPLATE_FAILURE_RESPONSE = { status: 500, body: '{"message": "Internal server error"}' } as const satisfies {
  status: 500;
  body: '{"message": "Internal server error"}';
};

const CACHE_LIMIT = 256;
const compiled = new Map<string, Template | VtlParseError>();

/**
 * Parses `template`, memoised in a bounded LRU keyed by the source text (re-rendering while a user edits the
 * sample request never re-parses). Returns the parse error instead of throwing.
 */
export function compileTemplate(template: string): Template | VtlParseError {
  const hit = compiled.get(template);
  if (hit) {
    compiled.delete(template);
    compiled.set(template, hit);
    return hit;
  }
  let result: Template | VtlParseError;
  try {
    result = parseTemplate(template);
  } catch (e) {
    if (e instanceof RangeError) result = new VtlParseError('Template is nested too deeply', 0);
    else if (e instanceof VtlParseError) result = e;
    else throw e;
  }
  if (compiled.size >= CACHE_LIMIT) {
    const oldest = compiled.keys().next();
    if (!oldest.done) compiled.delete(oldest.value);
  }
  compiled.set(template, result);
  return result;
}

function stringMap(rec: Record<string, string> | undefined): JMap {
  const m = new Map<string, JValue>();
  if (rec) for (const [k, v] of Object.entries(rec)) m.set(k, typeof v === 'string' ? v : fromPlain(v));
  return new JMap(m);
}

function overrideMap(v: JValue | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(v instanceof JMap)) return out;
  for (const [k, x] of v.map) {
    if (x === null) continue;
    out[k] = x instanceof JList ? x.items.map((i) => javaToString(i)).join(',') : javaToString(x);
  }
  return out;
}

function readOverrides(context: JMap): VtlOverrides {
  const req = context.map.get('requestOverride');
  const res = context.map.get('responseOverride');
  const reqMap = req instanceof JMap ? req.map : new Map<string, JValue>();
  const resMap = res instanceof JMap ? res.map : new Map<string, JValue>();
  const overrides: VtlOverrides = {
    requestOverride: {
      header: overrideMap(reqMap.get('header')),
      path: overrideMap(reqMap.get('path')),
      querystring: overrideMap(reqMap.get('querystring')),
    },
    responseOverride: { header: overrideMap(resMap.get('header')) },
  };
  const status = resMap.get('status');
  const n = status instanceof JInt || status instanceof JDouble ? Number(status.value) : typeof status === 'string' ? Number(status) : NaN;
  if (Number.isInteger(n)) overrides.responseOverride.status = n;
  return overrides;
}

function errorAt(template: string, kind: VtlError['kind'], message: string, pos: number | undefined): VtlError {
  const { line, column } = lineColumn(template, pos ?? 0);
  return { kind, message, line, column };
}

/** The syntax error of a template, if it has one (API Gateway would fail every request it is used for). */
export function templateSyntaxError(template: string): VtlError | undefined {
  const tpl = compileTemplate(template);
  return tpl instanceof VtlParseError ? errorAt(template, 'parse', tpl.message, tpl.pos) : undefined;
}

/**
 * Renders a mapping template against a request the way API Gateway does. Never throws for template problems:
 * a syntax error or a failure while rendering comes back as `{ ok: false, error }` (on AWS that request would be
 * answered with TEMPLATE_FAILURE_RESPONSE). `overrides` holds what the template set in
 * `$context.requestOverride` / `$context.responseOverride`.
 */
export function renderTemplate(template: string, request: VtlRequest, options: { timeLimitMs?: number } = {}): RenderResult {
  const body = String(request.body ?? '');
  const known = timedOut.get(template);
  if (known && known.body === body) return known.result;
  const endBudget = startBudget(options.timeLimitMs);
  let result: RenderResult;
  try {
    result = renderCompiled(template, request);
  } finally {
    endBudget();
  }
  if (timedOutLast && body.length <= TIMED_OUT_MAX_BODY) {
    if (timedOut.size >= 32) timedOut.delete(timedOut.keys().next().value ?? '');
    timedOut.set(template, { body, result });
  }
  return result;
}

/**
 * Renders that ran out of time, by template, with the (short) body they had: the same pair is answered at once.
 * The wizard renders one template several times per keystroke (preview, doctor), and the invoke URL may get the
 * same hostile request again and again; neither should pay the budget each time.
 */
const timedOut = new Map<string, { body: string; result: RenderResult }>();
const TIMED_OUT_MAX_BODY = 64 * 1024;
let timedOutLast = false;

function renderCompiled(template: string, request: VtlRequest): RenderResult {
  const tpl = compileTemplate(template);
  if (tpl instanceof VtlParseError) return { ok: false, error: errorAt(template, 'parse', tpl.message, tpl.pos) };
  const params = new JMap(
    new Map<string, JValue>([
      ['path', stringMap(request.path)],
      ['querystring', stringMap(request.querystring)],
      ['header', stringMap(request.headers)],
    ]),
  );
  const contextMap = new Map<string, JValue>();
  for (const [k, v] of Object.entries(request.context ?? {})) contextMap.set(k, fromPlain(v, 'context'));
  const context = new JMap(contextMap);
  const body = request.body === '' || request.body === undefined || request.body === null ? '{}' : String(request.body);
  const renderer = new Renderer(tpl, { input: new InputObject(body, params), context, stageVariables: stringMap(request.stageVariables) });
  timedOutLast = false;
  try {
    const output = renderer.run();
    return { ok: true, output, overrides: readOverrides(context) };
  } catch (e) {
    timedOutLast = e instanceof VtlTimeLimitError;
    if (e instanceof VtlLimitError) return { ok: false, error: errorAt(template, 'limit', e.message, e.pos) };
    if (e instanceof VtlRuntimeError) return { ok: false, error: errorAt(template, 'render', e.message, e.pos) };
    if (e instanceof VtlParseError) return { ok: false, error: errorAt(template, 'render', e.message, e.pos) };
    if (e instanceof RangeError) return { ok: false, error: errorAt(template, 'render', 'Template recursion too deep', 0) };
    throw e;
  }
}

export { createSampleContext } from './context';
