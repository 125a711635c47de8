/**
 * Java library semantics the templates depend on: java.util.regex (translated to JS RegExp), String.split /
 * replaceAll replacement strings, commons-lang 2.6 escapeJavaScript, java.net.URLEncoder/URLDecoder (UTF-8) and
 * java.util.Base64 (A.3). Browser-safe: TextEncoder/TextDecoder only, no Buffer.
 */
import safeRegex from 'safe-regex2';
import { budgetExceeded, checkDeadline, remainingMs, tick, VtlLimitError } from './budget';
import { assertStringFits, VtlRuntimeError } from './values';

const POSIX: Record<string, string> = {
  Lower: 'a-z', Upper: 'A-Z', ASCII: '\\x00-\\x7F', Alpha: 'a-zA-Z', Digit: '0-9', Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~', Graph: '!-~', Print: ' -~', Blank: ' \\t', Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F', Space: ' \\t\\n\\x0B\\f\\r', javaLowerCase: 'a-z', javaUpperCase: 'A-Z',
  L: 'a-zA-Z\\u00C0-\\u024F', IsAlphabetic: 'a-zA-Z\\u00C0-\\u024F', IsDigit: '0-9', IsLetter: 'a-zA-Z\\u00C0-\\u024F',
};

const regexCache = new Map<string, RegExp>();
/** needsBacktracking, per compiled pattern. */
const backtrackingOnly = new WeakMap<RegExp, boolean>();
const JAVA_END = '(?=(?:\\r\\n|[\\n\\r\\u0085\\u2028\\u2029])?(?![\\s\\S]))';

/**
 * Templates are rendered on the sandbox's server thread and in the browser: a pattern with nested quantifiers such as
 * `(a+)+$` can backtrack for minutes on a short input and stall both. safe-regex2's star-height check refuses those;
 * on AWS such a template would run into the integration timeout anyway.
 */
export function assertLinearEnough(src: string, pattern: string): void {
  if (!safeRegex(src)) {
    throw new VtlRuntimeError(`Regular expression ${pattern} has a repeated group that itself repeats (like (a+)+) and can take exponential time; rewrite it without the nested repetition`);
  }
}

/**
 * Translates a java.util.regex pattern to a JS RegExp: `\Q…\E` quoting, leading inline flags `(?i)`, `(?s)`,
 * `(?m)`, `\A` / `\z` / `\Z`, POSIX classes `\p{Alpha}`, possessive quantifiers (treated as greedy). Throws a
 * VtlRuntimeError (Java's PatternSyntaxException) when the result is not a valid pattern.
 */
export function javaRegex(pattern: string, extraFlags = '', fullMatch = false): RegExp {
  const key = `${extraFlags}${fullMatch ? 'F' : ''}\u0000${pattern}`;
  const hit = regexCache.get(key);
  if (hit) {
    hit.lastIndex = 0;
    return hit;
  }
  let flags = extraFlags;
  let src = '';
  let i = 0;
  const lead = /^\(\?([imsux]+)\)/.exec(pattern);
  if (lead?.[1]) {
    for (const f of lead[1]) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
    i = lead[0].length;
  }
  let inClass = false;
  while (i < pattern.length) {
    const c = pattern[i] ?? '';
    if (c === '\\') {
      const n = pattern[i + 1] ?? '';
      if (n === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const lit = pattern.slice(i + 2, end < 0 ? pattern.length : end);
        src += lit.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? pattern.length : end + 2;
        continue;
      }
      if (n === 'A') { src += '^'; i += 2; continue; }
      // Without (?m), JS `$` is exactly Java's `\z`; a lookahead would keep V8's linear engine out (needsBacktracking).
      if (n === 'z') { src += flags.includes('m') ? '$(?![\\s\\S])' : '$'; i += 2; continue; }
      if (n === 'Z') { src += JAVA_END; i += 2; continue; }
      if ((n === 'p' || n === 'P') && pattern[i + 2] === '{') {
        const end = pattern.indexOf('}', i + 3);
        const name = pattern.slice(i + 3, end).replace(/^Is/, (m) => (POSIX[pattern.slice(i + 3, end)] ? m : ''));
        const cls = POSIX[pattern.slice(i + 3, end)] ?? POSIX[name];
        if (end < 0 || cls === undefined) throw new VtlRuntimeError(`Unsupported Java regex class in ${pattern}`);
        src += inClass ? cls : n === 'p' ? `[${cls}]` : `[^${cls}]`;
        i = end + 1;
        continue;
      }
      if (n === 'h') { src += '[ \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000]'; i += 2; continue; }
      src += c + n;
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      if (c === '[' ) { src += '\\['; i++; continue; }
      src += c;
      i++;
      continue;
    }
    if (c === '$' && !flags.includes('m')) {
      // Java's `$` also matches before a final line terminator.
      src += JAVA_END;
      i++;
      continue;
    }
    if (c === '{' && !/^\{[0-9]+(,[0-9]*)?\}/.test(pattern.slice(i))) {
      // Java rejects a `{` that does not start a quantifier ("Illegal repetition"); JS would take it literally.
      throw new VtlRuntimeError(`Illegal repetition near index ${i}: ${pattern}`);
    }
    if (c === '[') {
      inClass = true;
      src += c;
      i++;
      if (pattern[i] === '^') { src += '^'; i++; }
      if (pattern[i] === ']') { src += '\\]'; i++; }
      continue;
    }
    if ((c === '+') && i > 0 && /[*+?}]/.test(pattern[i - 1] ?? '') && pattern[i - 2] !== '\\') {
      i++;
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?' && pattern[i + 2] === '>') {
      src += '(?:';
      i += 3;
      continue;
    }
    src += c;
    i++;
  }
  let re: RegExp;
  try {
    const end = flags.includes('m') ? '(?![\\s\\S])' : '$';
    re = fullMatch ? new RegExp(`(?:${src})${end}`, `${flags}y`) : new RegExp(src, flags);
  } catch {
    throw new VtlRuntimeError(`Invalid regular expression: ${pattern}`);
  }
  assertLinearEnough(src, pattern);
  if (regexCache.size > 500) regexCache.clear();
  regexCache.set(key, re);
  return re;
}

/** Expands a java.util.regex.Matcher replacement string (`$1`, `${name}`, `\$`); throws like Java on bad input. */
function expandReplacement(repl: string, m: MatchData): string {
  if (!repl.includes('\\') && !repl.includes('$')) return repl;
  let out = '';
  const groupCount = m.captures.length - 1;
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i];
    if (c === '\\') {
      i++;
      if (i >= repl.length) throw new VtlRuntimeError('character to be escaped is missing');
      out += repl[i];
    } else if (c === '$') {
      i++;
      if (i >= repl.length) throw new VtlRuntimeError('Illegal group reference: group index is missing');
      if (repl[i] === '{') {
        const end = repl.indexOf('}', i);
        const name = repl.slice(i + 1, end);
        if (end < 0 || !m.groups || !Object.hasOwn(m.groups, name)) throw new VtlRuntimeError(`No group with name {${name}}`);
        out += m.groups[name] ?? '';
        i = end;
        continue;
      }
      const d = repl.charCodeAt(i) - 48;
      if (d < 0 || d > 9) throw new VtlRuntimeError('Illegal group reference');
      let g = d;
      while (i + 1 < repl.length) {
        const nd = repl.charCodeAt(i + 1) - 48;
        if (nd < 0 || nd > 9 || g * 10 + nd > groupCount) break;
        g = g * 10 + nd;
        i++;
      }
      if (g > groupCount) throw new VtlRuntimeError(`No group ${g}`);
      out += m.captures[g] ?? '';
    } else out += c;
  }
  return out;
}

/**
 * Whether V8's linear-time engine (lib/template-guard.ts enables it on the server) cannot run `re`: it has no
 * lookaround, backreferences, case-insensitive or unicode mode, and replicates a bounded quantifier's body at most
 * 16 times in all (measured on Node 20: `(a|aa){0,17}c` and `(a|aa){16,}c` already backtrack). Such a pattern
 * keeps backtracking on the thread that runs it, so the server runs it under a guard that can be stopped.
 */
export function needsBacktracking(re: RegExp): boolean {
  if (/[iu]/.test(re.flags)) return true;
  const src = re.source;
  if (/\(\?<?[=!]|\\[1-9k]/.test(src)) return true;
  let replication = 1;
  for (const q of src.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) replication *= Math.max(Number(q[1]), q[2] ? Number(q[2]) : 1);
  return replication > 16;
}

/** One match, as plain data (it may come back from lib/template-guard.ts's worker). */
export type MatchData = { index: number; captures: (string | null)[]; groups: Record<string, string | null> | null };

/**
 * Visits up to `max` successive matches of the global or sticky `re` in `s`, stepping past empty matches.
 * Self-contained (no outer references): lib/template-guard.ts runs its source text in a worker.
 */
export function scanMatches(re: RegExp, s: string, max: number, visit: (m: MatchData) => void): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  for (let n = 0; n < max && (m = re.exec(s)) !== null; n++) {
    const groups: Record<string, string | null> | null = m.groups ? Object.create(null) : null;
    if (m.groups && groups) for (const [k, v] of Object.entries(m.groups)) groups[k] = v ?? null;
    visit({ index: m.index, captures: Array.from(m, (x) => x ?? null), groups });
    if (m[0].length === 0) re.lastIndex++;
  }
  re.lastIndex = 0;
}

/** Runs a backtracking-only regex somewhere it can be stopped; 'timeout' when it gave up after `timeoutMs`. */
export type RegexGuard = (job: { source: string; flags: string; input: string; max: number }, timeoutMs: number) => MatchData[] | 'timeout';

type GuardSlot = { guard: RegexGuard | null; linearEngine: boolean; refuseAmbiguous: boolean };
/**
 * Kept on globalThis under a registered symbol: Next.js bundles instrumentation.ts and the app separately, each with
 * its own copy of this module, and the guard installed once at server start must reach all of them.
 */
const GUARD_KEY = Symbol.for('sluice.vtl.regexGuard');

function guardSlot(): GuardSlot {
  const holder = globalThis as { [GUARD_KEY]?: GuardSlot };
  return (holder[GUARD_KEY] ??= { guard: null, linearEngine: false, refuseAmbiguous: false });
}

/**
 * Installs the server's guard (lib/template-guard.ts); without one (browser, CLI) every regex runs in place.
 * `linearEngine`: V8's linear-time fallback is on, so only needsBacktracking patterns need the guard.
 */
export function setRegexGuard(g: RegexGuard | null, options: { linearEngine: boolean } = { linearEngine: false }): void {
  const slot = guardSlot();
  slot.guard = g;
  slot.linearEngine = options.linearEngine;
}

/**
 * For a thread that can neither stop a regex nor hand it off (the browser's, where the wizard previews templates
 * as the user types): refuse patterns with a repeated group that has alternatives, like `(a|aa)*`, the shape
 * safe-regex2's star-height check misses and that backtracks exponentially. Test invoke runs them under the guard.
 */
export function refuseAmbiguousRegexes(): void {
  guardSlot().refuseAmbiguous = true;
}

/** Whether `source` (JS syntax) repeats a group that contains a top-level `|`. */
export function hasRepeatedAlternation(source: string): boolean {
  const alternation: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') alternation.push(false);
    else if (c === '|' && alternation.length > 0) alternation[alternation.length - 1] = true;
    else if (c === ')') {
      const alternatives = alternation.pop() ?? false;
      const next = source[i + 1];
      if (alternatives && (next === '*' || next === '+' || (next === '{' && /^\{\d+,(\d*)\}/.exec(source.slice(i + 1))?.[1] !== '1'))) return true;
    }
  }
  return false;
}

/** scanMatches under the render's budget, through the server's guard when V8's linear engine cannot run `re`. */
function eachMatch(re: RegExp, s: string, max: number, visit: (m: MatchData) => void): void {
  checkDeadline();
  let slow = backtrackingOnly.get(re);
  if (slow === undefined) backtrackingOnly.set(re, (slow = needsBacktracking(re)));
  const { guard, linearEngine, refuseAmbiguous } = guardSlot();
  if (refuseAmbiguous && !guard && hasRepeatedAlternation(re.source)) {
    throw new VtlLimitError(`The preview does not run this regular expression: a repeated group with alternatives can take exponential time in the browser. Test invoke runs it with a time limit.`);
  }
  if (guard && (slow || !linearEngine)) {
    const r = guard({ source: re.source, flags: re.flags, input: s, max }, Math.max(0, remainingMs()));
    if (r === 'timeout') budgetExceeded();
    for (const m of r) visit(m);
    return;
  }
  scanMatches(re, s, max, (m) => {
    tick();
    visit(m);
  });
}

/** `re.test(s)` for a non-global `re`, under the render's budget and the server's guard. */
export function guardedTest(re: RegExp, s: string): boolean {
  let found = false;
  eachMatch(re, s, 1, () => (found = true));
  return found;
}

/** String.matches: the whole string matches the Java regex. */
export function javaMatches(s: string, regex: string): boolean {
  return guardedTest(javaRegex(regex, '', true), s);
}

/** String.replaceAll / replaceFirst with Java regex and replacement syntax. */
export function javaReplace(s: string, regex: string, repl: string, all: boolean): string {
  let out = '';
  let last = 0;
  eachMatch(javaRegex(regex, 'g'), s, all ? Number.POSITIVE_INFINITY : 1, (m) => {
    out += s.slice(last, m.index) + expandReplacement(repl, m);
    assertStringFits(out.length);
    last = m.index + (m.captures[0] ?? '').length;
  });
  out += s.slice(last);
  assertStringFits(out.length);
  return out;
}

/** String.split(regex, limit): no leading empty string from a zero-width match, trailing empties dropped (limit 0). */
export function javaSplit(s: string, regex: string, limit = 0): string[] {
  if (s === '') return [''];
  const parts: string[] = [];
  let last = 0;
  // With a limit, at most limit - 1 cuts; the first and last empty matches never cut.
  eachMatch(javaRegex(regex, 'g'), s, limit > 0 ? limit + 1 : Number.POSITIVE_INFINITY, (m) => {
    const text = m.captures[0] ?? '';
    if (text.length === 0 && (m.index === 0 || m.index >= s.length)) return;
    if (limit > 0 && parts.length === limit - 1) return;
    parts.push(s.slice(last, m.index));
    last = m.index + text.length;
  });
  if (parts.length === 0) return [s];
  parts.push(s.slice(last));
  if (limit === 0) while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** String.trim: strips chars <= U+0020 (not Unicode spaces). */
export function javaTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 32) a++;
  while (b > a && s.charCodeAt(b - 1) <= 32) b--;
  return s.slice(a, b);
}

const HEX = '0123456789ABCDEF';

/** Every 64 K input characters of a string-building loop: the render's deadline and the string size cap. */
function loopCheck(i: number, outLength: number): void {
  if ((i & 0xffff) === 0) {
    checkDeadline();
    assertStringFits(outLength);
  }
}

/** commons-lang 2.6 StringEscapeUtils.escapeJavaScript (A.3): `'`→`\'`, `/`→`\/`, non-ASCII → uppercase \uXXXX. */
export function escapeJavaScript(s: string): string {
  let size = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    size += ch > 0x7f ? 6 : ch < 32 ? (ch === 8 || ch === 9 || ch === 10 || ch === 12 || ch === 13 ? 2 : 6) : ch === 0x27 || ch === 0x22 || ch === 0x5c || ch === 0x2f ? 2 : 1;
  }
  // Known before building: a 10 MB cap reached after seconds of concatenation would be reported as a timeout.
  assertStringFits(size);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    loopCheck(i, out.length);
    const ch = s.charCodeAt(i);
    if (ch > 0x7f) {
      out += `\\u${HEX[(ch >> 12) & 15]}${HEX[(ch >> 8) & 15]}${HEX[(ch >> 4) & 15]}${HEX[ch & 15]}`;
    } else if (ch < 32) {
      switch (ch) {
        case 8: out += '\\b'; break;
        case 9: out += '\\t'; break;
        case 10: out += '\\n'; break;
        case 12: out += '\\f'; break;
        case 13: out += '\\r'; break;
        default: out += `\\u00${HEX[(ch >> 4) & 15]}${HEX[ch & 15]}`;
      }
    } else {
      switch (ch) {
        case 0x27: out += "\\'"; break;
        case 0x22: out += '\\"'; break;
        case 0x5c: out += '\\\\'; break;
        case 0x2f: out += '\\/'; break;
        default: out += s[i];
      }
    }
  }
  assertStringFits(out.length);
  return out;
}

const encoder = new TextEncoder();

const URL_ASCII: string[] = Array.from({ length: 128 }, (_, c) => {
  const safe = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d || c === 0x2a || c === 0x5f;
  if (safe) return String.fromCharCode(c);
  return c === 0x20 ? '+' : `%${HEX[c >> 4]}${HEX[c & 15]}`;
});

function pct(b: number): string {
  return `%${HEX[b >> 4]}${HEX[b & 15]}`;
}

/** java.net.URLEncoder.encode(s, "UTF-8"): space → `+`, only `A-Za-z0-9.-*_` kept; lone surrogates → `?`. */
export function urlEncode(s: string): string {
  let size = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    size += c < 0x80 ? URL_ASCII[c]!.length : c < 0x800 ? 6 : c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? (i++, 12) : c >= 0xd800 && c <= 0xdfff ? 3 : 9;
  }
  assertStringFits(size);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    loopCheck(i, out.length);
    const c = s.charCodeAt(i);
    if (c < 0x80) out += URL_ASCII[c];
    else if (c < 0x800) out += pct(0xc0 | (c >> 6)) + pct(0x80 | (c & 63));
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      const cp = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(i + 1) - 0xdc00);
      i++;
      out += pct(0xf0 | (cp >> 18)) + pct(0x80 | ((cp >> 12) & 63)) + pct(0x80 | ((cp >> 6) & 63)) + pct(0x80 | (cp & 63));
    } else if (c >= 0xd800 && c <= 0xdfff) out += '%3F';
    else out += pct(0xe0 | (c >> 12)) + pct(0x80 | ((c >> 6) & 63)) + pct(0x80 | (c & 63));
  }
  assertStringFits(out.length);
  return out;
}

const utf8Decoder = new TextDecoder('utf-8');

/** java.net.URLDecoder.decode(s, "UTF-8"); malformed `%` escapes throw (→ 500 on API Gateway). */
export function urlDecode(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    loopCheck(i, 0);
    const c = s[i];
    if (c === '+') {
      out += ' ';
      i++;
    } else if (c === '%') {
      const bytes: number[] = [];
      while (i < s.length && s[i] === '%') {
        if (i + 2 >= s.length) throw new VtlRuntimeError('URLDecoder: Incomplete trailing escape (%) pattern');
        const h = s.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(h)) throw new VtlRuntimeError(`URLDecoder: Illegal hex characters in escape (%) pattern - ${h}`);
        bytes.push(parseInt(h, 16));
        i += 3;
      }
      out += utf8Decoder.decode(new Uint8Array(bytes));
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** java.util.Base64.getEncoder() over the UTF-8 bytes (lone surrogates become `?` like String.getBytes). */
export function base64Encode(s: string): string {
  const bytes = encoder.encode(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '?'));
  assertStringFits(Math.ceil(bytes.length / 3) * 4);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    if (i % 0x30000 === 0) checkDeadline();
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += B64[a >> 2];
    out += B64[((a & 3) << 4) | ((b ?? 0) >> 4)];
    out += b === undefined ? '=' : B64[((b & 15) << 2) | ((c ?? 0) >> 6)];
    out += c === undefined ? '=' : B64[c & 63];
  }
  return out;
}

/** java.util.Base64.getDecoder(): strict alphabet, padding optional, bad input throws; bytes decoded as UTF-8. */
export function base64Decode(s: string): string {
  const bytes: number[] = [];
  let buf = 0;
  let bits = 0;
  let i = 0;
  for (; i < s.length; i++) {
    loopCheck(i, 0);
    const ch = s[i] ?? '';
    if (ch === '=') break;
    const v = B64.indexOf(ch);
    if (v < 0) throw new VtlRuntimeError(`Illegal base64 character ${s.charCodeAt(i).toString(16)}`);
    buf = (buf << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buf >> bits) & 0xff);
    }
  }
  const dataChars = i;
  if (dataChars % 4 === 1) throw new VtlRuntimeError('Last unit does not have enough valid bits');
  if (i < s.length) {
    const pad = s.slice(i);
    const needed = dataChars % 4 === 2 ? 2 : dataChars % 4 === 3 ? 1 : 0;
    if (needed === 0 || pad.length !== needed || /[^=]/.test(pad)) {
      throw new VtlRuntimeError('Input byte array has incorrect ending byte');
    }
  }
  return utf8Decoder.decode(new Uint8Array(bytes));
}
