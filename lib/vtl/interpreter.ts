/**
 * Velocity 1.7 interpreter with API Gateway's deviations (A.1.1): null renders as "", null == "" is true, `#set`
 * with a null value keeps the old one, and `#foreach` is capped at 1,000 iterations. Values are the Java-like model
 * of ./values; every member a template can reach is listed in callMethod/getProperty below — nothing is looked up
 * dynamically on JavaScript objects.
 */
import { type Accessor, type Expr, type MacroDef, type Node, type Ref, type Template, parseTemplate, VtlParseError } from './parser';
import {
  HostObject, JBigDecimal, JChar, JDouble, JEntry, JInt, JList, JMap, type JNumber, type JValue, VtlLimitError, VtlRuntimeError,
  assertStringFits, deepCopy, isNumber, javaEquals, javaToString, makeInt, toDouble, toJsonString,
} from './values';
import { checkDeadline, tick } from './budget';
import { compileJsonPath, evaluateJsonPath } from './jsonpath';
import { parseJsonPermissive } from './json';
import { base64Decode, base64Encode, escapeJavaScript, javaMatches, javaReplace, javaSplit, javaTrim, urlDecode, urlEncode } from './java';

/** API Gateway's documented #foreach limit (A.1, limits.md). */
export const FOREACH_LIMIT = 1000;
/** Safety budgets for server-side rendering of user templates (not AWS limits). */
const MAX_TOTAL_ITERATIONS = 1_000_000;
const MAX_MACRO_DEPTH = 20;
const MAX_RANGE = 1_000_000;
const LONG_STRING = 4096;
/** `$l.addAll($l)` doubles a list: without a cap a short loop exhausts memory. */
const MAX_LIST_ITEMS = 1_000_000;

function assertListFits(n: number): void {
  if (n > MAX_LIST_ITEMS) throw new VtlLimitError(`The template built a list of more than ${MAX_LIST_ITEMS} items`);
}

class BreakSignal {}
class StopSignal {}

const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

function isDecimal(n: JNumber): boolean {
  return n instanceof JDouble || n instanceof JBigDecimal;
}

/** Velocity 1.7 MathUtils: BigDecimal arithmetic when a BigDecimal, or a BigInteger with a non-integer, is involved. */
function usesBigDecimal(a: JNumber, b: JNumber): boolean {
  if (a instanceof JBigDecimal || b instanceof JBigDecimal) return true;
  const big = (a instanceof JInt && a.kind === 'BigInteger') || (b instanceof JInt && b.kind === 'BigInteger');
  return big && (isDecimal(a) || isDecimal(b));
}

/** MathUtils.toBigDecimal: BigInteger as is, any other number through `new BigDecimal(doubleValue())` (exact). */
function toBigDecimal(n: JNumber): JBigDecimal {
  if (n instanceof JBigDecimal) return n;
  if (n instanceof JInt && n.kind === 'BigInteger') return new JBigDecimal(n.value, 0);
  const d = toDouble(n);
  if (!Number.isFinite(d)) throw new VtlRuntimeError('NumberFormatException: Infinite or NaN');
  if (d === 0) return new JBigDecimal(0n, 0);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = exp === 0 ? -1074 : exp - 1075;
  if (exp !== 0) m |= 1n << 52n;
  while (m > 0n && (m & 1n) === 0n) {
    m >>= 1n;
    e++;
  }
  const sign = d < 0 ? -1n : 1n;
  if (e >= 0) return new JBigDecimal(sign * (m << BigInt(e)), 0);
  return new JBigDecimal(sign * m * 5n ** BigInt(-e), -e);
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function bigDecimalMath(op: '+' | '-' | '*' | '/' | '%', a: JNumber, b: JNumber): JValue {
  const x = toBigDecimal(a);
  const y = toBigDecimal(b);
  if ((op === '/' || op === '%') && y.unscaled === 0n) return null;
  if (op === '%') throw new VtlRuntimeError('ArithmeticException: Cannot calculate the modulo of BigDecimals.');
  if (op === '*') return new JBigDecimal(x.unscaled * y.unscaled, x.scale + y.scale);
  if (op === '/') {
    // BigDecimal.divide(divisor, ROUND_HALF_DOWN): the result keeps the dividend's scale.
    let num = x.unscaled;
    let den = y.unscaled;
    if (y.scale >= 0) num *= pow10(y.scale);
    else den *= pow10(-y.scale);
    let q = num / den;
    const r = num % den;
    const twice = (r < 0n ? -r : r) * 2n;
    const absDen = den < 0n ? -den : den;
    if (twice > absDen) q += (num < 0n) !== (den < 0n) ? -1n : 1n;
    return new JBigDecimal(q, x.scale);
  }
  const s = Math.max(x.scale, y.scale);
  const xu = x.unscaled * pow10(s - x.scale);
  const yu = y.unscaled * pow10(s - y.scale);
  return new JBigDecimal(op === '+' ? xu + yu : xu - yu, s);
}

/** Velocity's MathUtils: Integer/Long widen on overflow, any double makes the result a Double, x/0 is null. */
function math(op: '+' | '-' | '*' | '/' | '%', a: JNumber, b: JNumber): JValue {
  if (usesBigDecimal(a, b)) return bigDecimalMath(op, a, b);
  if (isDecimal(a) || isDecimal(b)) {
    const x = toDouble(a);
    const y = toDouble(b);
    if ((op === '/' || op === '%') && y === 0) return null;
    switch (op) {
      case '+': return new JDouble(x + y);
      case '-': return new JDouble(x - y);
      case '*': return new JDouble(x * y);
      case '/': return new JDouble(x / y);
      default: return new JDouble(x % y);
    }
  }
  const ai = a as JInt;
  const bi = b as JInt;
  const x = ai.value;
  const y = bi.value;
  if ((op === '/' || op === '%') && y === 0n) return null;
  let r: bigint;
  switch (op) {
    case '+': r = x + y; break;
    case '-': r = x - y; break;
    case '*': r = x * y; break;
    case '/': r = x / y; break;
    default: r = x % y;
  }
  if (ai.kind === 'BigInteger' || bi.kind === 'BigInteger' || r < LONG_MIN || r > LONG_MAX) return new JInt(r, 'BigInteger');
  const kind = ai.kind === 'Long' || bi.kind === 'Long' ? 'Long' : 'Integer';
  if (kind === 'Integer' && (r < INT_MIN || r > INT_MAX)) return new JInt(r, 'Long');
  return new JInt(r, kind);
}

function compareNumbers(a: JNumber, b: JNumber): number {
  if (a instanceof JInt && b instanceof JInt) return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  if (usesBigDecimal(a, b)) {
    const x = toBigDecimal(a);
    const y = toBigDecimal(b);
    const s = Math.max(x.scale, y.scale);
    const xu = x.unscaled * pow10(s - x.scale);
    const yu = y.unscaled * pow10(s - y.scale);
    return xu < yu ? -1 : xu > yu ? 1 : 0;
  }
  const x = toDouble(a);
  const y = toDouble(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  return x < y ? -1 : x > y ? 1 : 0;
}

function sameJavaClass(a: JValue, b: JValue): boolean {
  if (typeof a === 'string') return typeof b === 'string';
  if (typeof a === 'boolean') return typeof b === 'boolean';
  if (a instanceof JList) return b instanceof JList && (a.kind === 'array') === (b.kind === 'array');
  if (a instanceof JMap) return b instanceof JMap;
  if (a instanceof JEntry) return b instanceof JEntry;
  if (a instanceof JChar) return b instanceof JChar;
  return a === b;
}

/**
 * Velocity 1.7 `==` with API Gateway's rule that a null value equals "" (A.1.1 #2): numbers compare numerically,
 * same classes use equals(), anything else compares toString().
 */
export function vtlEquals(l: JValue, r: JValue): boolean {
  const a = l ?? '';
  const b = r ?? '';
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b) === 0;
  if (sameJavaClass(a, b)) return javaEquals(a, b);
  return javaToString(a) === javaToString(b);
}

export class ForeachScope extends HostObject {
  readonly hostName = 'foreach';
  index = 0;
  hasNext = false;
  constructor(readonly parent: ForeachScope | null) {
    super();
  }
}

class DefineBlock extends HostObject {
  readonly hostName = 'define';
  constructor(
    readonly body: Node[],
    readonly renderer: Renderer,
  ) {
    super();
  }
  override toJavaString(): string {
    return this.renderer.renderToString(this.body, true);
  }
}

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

/** `$x.class` / `$x.getClass()`: only the name is exposed (no reflection). */
class JavaClass extends HostObject {
  readonly hostName = 'class';
  constructor(readonly name: string) {
    super();
  }
  override toJavaString(): string {
    return `class ${this.name}`;
  }
}

function javaClassOf(v: JValue): JavaClass | null {
  let name: string | null = null;
  if (typeof v === 'string') name = 'java.lang.String';
  else if (typeof v === 'boolean') name = 'java.lang.Boolean';
  else if (v instanceof JInt) name = v.kind === 'BigInteger' ? 'java.math.BigInteger' : `java.lang.${v.kind}`;
  else if (v instanceof JDouble) name = 'java.lang.Double';
  else if (v instanceof JBigDecimal) name = 'java.math.BigDecimal';
  else if (v instanceof JChar) name = 'java.lang.Character';
  else if (v instanceof JList) name = v.kind === 'json' ? 'net.minidev.json.JSONArray' : v.kind === 'array' ? '[Ljava.lang.String;' : 'java.util.ArrayList';
  else if (v instanceof JMap) name = 'java.util.LinkedHashMap';
  else if (v instanceof JEntry) name = 'java.util.LinkedHashMap$Entry';
  return name === null ? null : new JavaClass(name);
}

function asInt(v: JValue | undefined): number | null {
  return v instanceof JInt && v.kind === 'Integer' ? Number(v.value) : null;
}

function isStr(v: JValue | undefined): v is string {
  return typeof v === 'string';
}

const NOT_FOUND = Symbol('method not found');
const FOREACH_METHODS = new Set(['getIndex', 'getCount', 'hasNext', 'getHasNext', 'isFirst', 'getFirst', 'isLast', 'getLast', 'getParent']);
type CallResult = JValue | typeof NOT_FOUND;

function npe(): never {
  throw new VtlRuntimeError('NullPointerException');
}

function stringArg(v: JValue | undefined): string | typeof NOT_FOUND {
  if (v === null) npe();
  return typeof v === 'string' ? v : NOT_FOUND;
}

function checkIndex(i: number, size: number): void {
  if (i < 0 || i >= size) throw new VtlRuntimeError(`Index ${i} out of bounds for length ${size}`);
}

function stringMethod(s: string, name: string, args: JValue[]): CallResult {
  const [a, b] = args;
  switch (args.length) {
    case 0:
      switch (name) {
        case 'length': return makeInt(BigInt(s.length));
        case 'isEmpty': return s.length === 0;
        case 'toUpperCase': return capped(s.toUpperCase());
        case 'toLowerCase': return s.toLowerCase();
        case 'trim': return javaTrim(s);
        case 'toString': case 'intern': return s;
        case 'hashCode': {
          let h = 0;
          for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
          return makeInt(BigInt(h));
        }
      }
      return NOT_FOUND;
    case 1: {
      if (name === 'equals') return typeof a === 'string' && a === s;
      if (name === 'compareTo' && !isStr(a)) {
        if (a === null) npe();
        throw new VtlRuntimeError('ClassCastException: compareTo needs a String');
      }
      if (name === 'equalsIgnoreCase') return typeof a === 'string' && a.length === s.length && a.toUpperCase().toLowerCase() === s.toUpperCase().toLowerCase();
      const i = asInt(a);
      if (i !== null) {
        switch (name) {
          case 'charAt':
            if (i < 0 || i >= s.length) throw new VtlRuntimeError(`String index out of range: ${i}`);
            return new JChar(s.charAt(i));
          case 'substring':
            if (i < 0 || i > s.length) throw new VtlRuntimeError(`begin ${i}, end ${s.length}, length ${s.length}`);
            return s.substring(i);
          case 'indexOf': return makeInt(BigInt(s.indexOf(String.fromCodePoint(Math.max(0, Math.min(i, 0x10ffff))))));
          case 'lastIndexOf': return makeInt(BigInt(s.lastIndexOf(String.fromCodePoint(Math.max(0, Math.min(i, 0x10ffff))))));
        }
        return NOT_FOUND;
      }
      const t = stringArg(a);
      if (t === NOT_FOUND) return NOT_FOUND;
      switch (name) {
        case 'contains': return s.includes(t);
        case 'startsWith': return s.startsWith(t);
        case 'endsWith': return s.endsWith(t);
        case 'indexOf': return makeInt(BigInt(s.indexOf(t)));
        case 'lastIndexOf': return makeInt(BigInt(s.lastIndexOf(t)));
        case 'concat':
          assertStringFits(s.length + t.length);
          return s + t;
        case 'matches': return javaMatches(s, t);
        case 'split': return new JList(javaSplit(s, t), 'array');
        case 'compareTo': return makeInt(BigInt(compareJavaStrings(s, t)));
        case 'compareToIgnoreCase': return makeInt(BigInt(compareJavaStrings(s.toUpperCase().toLowerCase(), t.toUpperCase().toLowerCase())));
      }
      return NOT_FOUND;
    }
    case 2: {
      const i = asInt(a);
      const j = asInt(b);
      if (name === 'substring' && i !== null && j !== null) {
        if (i < 0 || j > s.length || i > j) throw new VtlRuntimeError(`begin ${i}, end ${j}, length ${s.length}`);
        return s.substring(i, j);
      }
      if (name === 'split' && isStr(a) && j !== null) return new JList(javaSplit(s, a, j), 'array');
      if ((name === 'indexOf' || name === 'lastIndexOf' || name === 'startsWith') && isStr(a) && j !== null) {
        if (name === 'indexOf') return makeInt(BigInt(s.indexOf(a, Math.max(0, j))));
        if (name === 'lastIndexOf') return makeInt(BigInt(j < 0 ? -1 : s.lastIndexOf(a, j)));
        return j >= 0 && j <= s.length && s.startsWith(a, j);
      }
      if (a === null || b === null) {
        if (['replace', 'replaceAll', 'replaceFirst'].includes(name)) npe();
        return NOT_FOUND;
      }
      if (!isStr(a) || !isStr(b)) return NOT_FOUND;
      switch (name) {
        case 'replace': return literalReplace(s, a, b);
        case 'replaceAll': return javaReplace(s, a, b, true);
        case 'replaceFirst': return javaReplace(s, a, b, false);
      }
      return NOT_FOUND;
    }
  }
  return NOT_FOUND;
}

function capped(s: string): string {
  assertStringFits(s.length);
  return s;
}

/** String.replace(CharSequence, CharSequence); the result's size is known before it is built. */
function literalReplace(s: string, a: string, b: string): string {
  if (a === '') {
    const points = [...s];
    assertStringFits(s.length + b.length * (points.length + 1));
    return b + points.join(b) + (s === '' ? '' : b);
  }
  const parts = s.split(a);
  assertStringFits(s.length + (parts.length - 1) * (b.length - a.length));
  return parts.join(b);
}

function compareJavaStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function mapKey(k: JValue): string {
  return typeof k === 'string' ? k : javaToString(k);
}

function listMethod(l: JList, name: string, args: JValue[]): CallResult {
  const [a, b] = args;
  const mutate = (): void => {
    if (l.kind === 'array') throw new VtlRuntimeError('UnsupportedOperationException');
    l.modCount++;
  };
  switch (name) {
    case 'size': return args.length === 0 ? makeInt(BigInt(l.items.length)) : NOT_FOUND;
    case 'isEmpty': return args.length === 0 ? l.items.length === 0 : NOT_FOUND;
    case 'toString': return args.length === 0 ? javaToString(l) : NOT_FOUND;
    case 'clear':
      if (args.length) return NOT_FOUND;
      mutate();
      l.items = [];
      return null;
    case 'get': {
      const i = asInt(a);
      if (args.length !== 1 || i === null) return NOT_FOUND;
      checkIndex(i, l.items.length);
      return l.items[i] ?? null;
    }
    case 'contains': return args.length === 1 ? l.items.some((x) => javaEquals(x, a ?? null)) : NOT_FOUND;
    case 'indexOf': return args.length === 1 ? makeInt(BigInt(l.items.findIndex((x) => javaEquals(x, a ?? null)))) : NOT_FOUND;
    case 'lastIndexOf': return args.length === 1 ? makeInt(BigInt(l.items.findLastIndex((x) => javaEquals(x, a ?? null)))) : NOT_FOUND;
    case 'equals': return args.length === 1 ? javaEquals(l, a ?? null) : NOT_FOUND;
    case 'containsAll': return args.length === 1 && a instanceof JList ? a.items.every((y) => l.items.some((x) => javaEquals(x, y))) : NOT_FOUND;
    case 'add':
      if (args.length === 1) {
        mutate();
        assertListFits(l.items.length + 1);
        l.items.push(a ?? null);
        return true;
      }
      if (args.length === 2 && asInt(a) !== null) {
        const i = asInt(a) ?? 0;
        if (i < 0 || i > l.items.length) throw new VtlRuntimeError(`Index: ${i}, Size: ${l.items.length}`);
        mutate();
        assertListFits(l.items.length + 1);
        l.items.splice(i, 0, b ?? null);
        return null;
      }
      return NOT_FOUND;
    case 'addAll':
      if (args.length === 1 && a instanceof JList) {
        mutate();
        assertListFits(l.items.length + a.items.length);
        // Index loop over the length at the start: `$l.addAll($l)` appends to the list it reads (no spread either:
        // it overflows the call stack on a long list).
        for (let k = 0, n = a.items.length; k < n; k++) l.items.push(a.items[k] ?? null);
        return a.items.length > 0;
      }
      return NOT_FOUND;
    case 'set': {
      const i = asInt(a);
      if (args.length !== 2 || i === null) return NOT_FOUND;
      checkIndex(i, l.items.length);
      const prev = l.items[i] ?? null;
      l.items[i] = b ?? null;
      return prev;
    }
    case 'remove': {
      if (args.length !== 1) return NOT_FOUND;
      const i = asInt(a);
      if (i !== null) {
        checkIndex(i, l.items.length);
        mutate();
        return l.items.splice(i, 1)[0] ?? null;
      }
      const at = l.items.findIndex((x) => javaEquals(x, a ?? null));
      if (at < 0) return false;
      mutate();
      l.items.splice(at, 1);
      return true;
    }
    case 'subList': {
      const i = asInt(a);
      const j = asInt(b);
      if (args.length !== 2 || i === null || j === null) return NOT_FOUND;
      if (i < 0 || j > l.items.length || i > j) throw new VtlRuntimeError(`subList(${i}, ${j}) out of range`);
      return new JList(l.items.slice(i, j));
    }
  }
  return NOT_FOUND;
}

function mapMethod(m: JMap, name: string, args: JValue[]): CallResult {
  const [a, b] = args;
  switch (args.length) {
    case 0:
      switch (name) {
        case 'size': return makeInt(BigInt(m.map.size));
        case 'isEmpty': return m.map.size === 0;
        case 'keySet': return new JList([...m.map.keys()]);
        case 'values': return new JList([...m.map.values()]);
        case 'entrySet': return new JList([...m.map.keys()].map((k) => new JEntry(m, k)));
        case 'toString': return javaToString(m);
        case 'clear': m.map.clear(); return null;
      }
      return NOT_FOUND;
    case 1:
      switch (name) {
        case 'get': return m.map.get(mapKey(a ?? null)) ?? null;
        case 'containsKey': return m.map.has(mapKey(a ?? null));
        case 'containsValue': return [...m.map.values()].some((x) => javaEquals(x, a ?? null));
        case 'remove': {
          const k = mapKey(a ?? null);
          const prev = m.map.get(k) ?? null;
          m.map.delete(k);
          return prev;
        }
        case 'equals': return javaEquals(m, a ?? null);
        case 'putAll':
          if (!(a instanceof JMap)) return NOT_FOUND;
          for (const [k, v] of a.map) m.map.set(k, v);
          return null;
      }
      return NOT_FOUND;
    case 2:
      switch (name) {
        case 'put': {
          const k = mapKey(a ?? null);
          const prev = m.map.get(k) ?? null;
          m.map.set(k, b ?? null);
          return prev;
        }
        case 'getOrDefault': {
          const k = mapKey(a ?? null);
          return m.map.has(k) ? (m.map.get(k) ?? null) : (b ?? null);
        }
        case 'replace': {
          const k = mapKey(a ?? null);
          if (!m.map.has(k)) return null;
          const prev = m.map.get(k) ?? null;
          m.map.set(k, b ?? null);
          return prev;
        }
        case 'putIfAbsent': {
          const k = mapKey(a ?? null);
          const prev = m.map.get(k) ?? null;
          if (prev === null) m.map.set(k, b ?? null);
          return prev;
        }
      }
  }
  return NOT_FOUND;
}

function numberMethod(n: JNumber, name: string, args: JValue[]): CallResult {
  if (name === 'equals' && args.length === 1) return javaEquals(n, args[0] ?? null);
  if (name === 'compareTo' && args.length === 1) {
    const o = args[0] ?? null;
    if (o === null) npe();
    const same = n instanceof JInt ? o instanceof JInt && o.kind === n.kind : isNumber(o) && o.constructor === n.constructor;
    if (!same) throw new VtlRuntimeError('ClassCastException: compareTo needs a number of the same type');
    return makeInt(BigInt(compareNumbers(n, o as JNumber)));
  }
  if (name === 'hashCode' && args.length === 0) return makeInt(BigInt(javaNumberHash(n)));
  if (args.length) return NOT_FOUND;
  const d = toDouble(n);
  switch (name) {
    case 'toString': return javaToString(n);
    case 'doubleValue': return new JDouble(d);
    case 'floatValue': return new JDouble(Math.fround(d));
    case 'intValue':
      if (n instanceof JInt) return new JInt(BigInt.asIntN(32, n.value), 'Integer');
      return new JInt(BigInt(Number.isNaN(d) ? 0 : Math.trunc(Math.max(-2147483648, Math.min(2147483647, d)))), 'Integer');
    case 'longValue':
      if (n instanceof JInt) return new JInt(BigInt.asIntN(64, n.value), 'Long');
      return new JInt(Number.isFinite(d) ? BigInt(Math.trunc(d)) : 0n, 'Long');
  }
  return NOT_FOUND;
}

function javaNumberHash(n: JNumber): number {
  if (n instanceof JInt) {
    if (n.kind === 'Integer') return Number(n.value);
    if (n.kind === 'Long') return Number(BigInt.asIntN(32, n.value ^ (BigInt.asUintN(64, n.value) >> 32n)));
    return 0;
  }
  if (n instanceof JDouble) {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, Number.isNaN(n.value) ? NaN : n.value);
    return (view.getInt32(0) ^ view.getInt32(4)) | 0;
  }
  return 0;
}

function charMethod(c: JChar, name: string, args: JValue[]): CallResult {
  const [a] = args;
  if (args.length === 0) {
    if (name === 'toString' || name === 'charValue') return name === 'toString' ? c.value : c;
    if (name === 'hashCode') return makeInt(BigInt(c.value.charCodeAt(0)));
  }
  if (args.length === 1 && name === 'equals') return javaEquals(c, a ?? null);
  if (args.length === 1 && name === 'compareTo') {
    if (!(a instanceof JChar)) throw new VtlRuntimeError('ClassCastException: compareTo needs a Character');
    return makeInt(BigInt(c.value.charCodeAt(0) - a.value.charCodeAt(0)));
  }
  return NOT_FOUND;
}

function entryMethod(e: JEntry, name: string, args: JValue[]): CallResult {
  if (args.length === 0) {
    if (name === 'getKey') return e.key;
    if (name === 'getValue') return e.value;
    if (name === 'toString') return javaToString(e);
  }
  if (name === 'setValue' && args.length === 1) {
    const prev = e.value;
    e.owner.map.set(e.key, args[0] ?? null);
    return prev;
  }
  return NOT_FOUND;
}

function utilMethod(name: string, args: JValue[]): CallResult {
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

export type RenderInit = {
  input: InputObject;
  context: JMap;
  stageVariables: JMap;
};

/** Renders one compiled template against one request. Throws VtlRuntimeError (template failures). */
export class Renderer {
  out = '';
  readonly vars = new Map<string, JValue>();
  private foreach: ForeachScope | null = null;
  private iterations = 0;
  private macroDepth = 0;
  private readonly util = new UtilObject();
  /** Macros known to this render: the template's, plus any an #evaluate defines (never written back to the cache). */
  private readonly macros: Map<string, MacroDef>;

  constructor(
    readonly template: Template,
    init: RenderInit,
  ) {
    this.macros = new Map(template.macros);
    this.vars.set('input', init.input);
    this.vars.set('util', this.util);
    this.vars.set('context', init.context);
    this.vars.set('stageVariables', init.stageVariables);
  }

  run(): string {
    try {
      this.renderNodes(this.template.nodes);
    } catch (e) {
      if (!(e instanceof StopSignal) && !(e instanceof BreakSignal)) throw e;
    }
    return this.out;
  }

  /** Renders into a separate buffer; `isScope` makes it a #break scope (a #define body). */
  renderToString(nodes: Node[], isScope = false): string {
    const saved = this.out;
    this.out = '';
    try {
      this.renderNodes(nodes);
      return this.out;
    } catch (e) {
      if (isScope && e instanceof BreakSignal) return this.out;
      throw e;
    } finally {
      this.out = saved;
    }
  }

  private append(s: string): void {
    assertStringFits(this.out.length + s.length);
    this.out += s;
  }

  renderNodes(nodes: Node[]): void {
    for (const node of nodes) {
      tick();
      switch (node.t) {
        case 'text':
          this.append(node.s);
          break;
        case 'ref':
          this.renderRef(node.ref, node.escapes);
          break;
        case 'set':
          this.doSet(node.target, node.value);
          break;
        case 'if': {
          let done = false;
          for (const br of node.branches) {
            if (this.cond(br.cond)) {
              this.renderNodes(br.body);
              done = true;
              break;
            }
          }
          if (!done && node.elseBody) this.renderNodes(node.elseBody);
          break;
        }
        case 'foreach':
          this.doForeach(node.varName, node.iter, node.body, node.pos);
          break;
        case 'break':
          throw new BreakSignal();
        case 'stop':
          throw new StopSignal();
        case 'define':
          this.vars.set(node.name, new DefineBlock(node.body, this));
          break;
        case 'macrocall':
          if (this.macros.has(node.name)) this.callMacro(node.name, node.args, node.pos);
          else if (node.literal !== null) this.append(node.literal);
          break;
        case 'evaluate':
          this.doEvaluate(node.arg, node.pos);
          break;
        case 'unsupported':
          throw new VtlRuntimeError(`#${node.name} is not available in API Gateway mapping templates`, node.pos);
      }
    }
  }

  private renderRef(ref: Ref, escapes: number): void {
    const value = this.evalRef(ref);
    if (escapes > 0) {
      const prefix = '\\'.repeat(escapes >> 1);
      if (escapes % 2 === 1) {
        // Velocity 1.7: `\$x` prints `$x` when x is defined and `\$x` when it is not.
        this.append(value === null ? `${prefix}\\${ref.text}` : prefix + ref.text);
        return;
      }
      this.out += prefix;
    }
    if (value !== null) this.append(javaToString(value));
  }

  private doSet(target: Ref, valueExpr: Expr): void {
    const value = this.eval(valueExpr);
    if (value === null) return;
    if (target.chain.length === 0) {
      this.vars.set(target.root, value);
      return;
    }
    const last = target.chain[target.chain.length - 1] as Accessor;
    if (target.chain.some((a) => a.k === 'method')) return;
    const owner = this.evalChain(this.vars.get(target.root) ?? null, target.chain.slice(0, -1));
    if (last.k === 'prop') {
      if (owner instanceof JMap) owner.map.set(last.name, value);
    } else if (last.k === 'index') {
      const idx = this.eval(last.arg);
      if (owner instanceof JMap) owner.map.set(mapKey(idx), value);
      else if (owner instanceof JList) {
        const i = asInt(idx);
        if (i === null) return;
        try {
          checkIndex(i, owner.items.length);
        } catch (e) {
          throw new VtlRuntimeError((e as Error).message, last.pos);
        }
        owner.items[i] = value;
      }
    }
  }

  private doForeach(varName: string, iterExpr: Expr, body: Node[], pos: number): void {
    const coll = this.eval(iterExpr);
    let list: JList | null = null;
    let items: JValue[];
    if (coll instanceof JList) {
      list = coll;
      items = coll.items;
    } else if (coll instanceof JMap) items = [...coll.map.values()];
    else return;
    const savedVar = this.vars.get(varName);
    const hadVar = this.vars.has(varName);
    const savedCount = this.vars.get('velocityCount');
    const savedHasNext = this.vars.get('velocityHasNext');
    const scope = new ForeachScope(this.foreach);
    this.foreach = scope;
    const startMod = list?.modCount ?? 0;
    try {
      for (let i = 0; ; i++) {
        if (list) items = list.items;
        if (i >= items.length) break;
        if (list && list.modCount !== startMod) throw new VtlRuntimeError('ConcurrentModificationException: the list was modified inside its own #foreach', pos);
        if (i >= FOREACH_LIMIT) throw new VtlRuntimeError(`#foreach exceeded API Gateway's limit of ${FOREACH_LIMIT} iterations`, pos);
        if (++this.iterations > MAX_TOTAL_ITERATIONS) throw new VtlRuntimeError(`Template exceeded ${MAX_TOTAL_ITERATIONS} loop iterations in total`, pos);
        const item = items[i] ?? null;
        if (item === null) this.vars.delete(varName);
        else this.vars.set(varName, item);
        scope.index = i;
        scope.hasNext = i + 1 < items.length;
        this.vars.set('velocityCount', makeInt(BigInt(i + 1)));
        this.vars.set('velocityHasNext', scope.hasNext);
        try {
          this.renderNodes(body);
        } catch (e) {
          if (e instanceof BreakSignal) break;
          throw e;
        }
      }
    } finally {
      this.foreach = scope.parent;
      if (hadVar) this.vars.set(varName, savedVar ?? null);
      else this.vars.delete(varName);
      if (savedCount === undefined) this.vars.delete('velocityCount');
      else this.vars.set('velocityCount', savedCount);
      if (savedHasNext === undefined) this.vars.delete('velocityHasNext');
      else this.vars.set('velocityHasNext', savedHasNext);
    }
  }

  private callMacro(name: string, argExprs: Expr[], pos: number): void {
    const def: MacroDef | undefined = this.macros.get(name);
    if (!def) return;
    if (this.macroDepth >= MAX_MACRO_DEPTH) throw new VtlRuntimeError(`Macro #${name} exceeded the maximum call depth of ${MAX_MACRO_DEPTH}`, pos);
    const args = argExprs.map((e) => this.eval(e));
    const saved = def.params.map((p) => [p, this.vars.has(p), this.vars.get(p)] as const);
    def.params.forEach((p, i) => {
      const v = args[i] ?? null;
      if (v === null) this.vars.delete(p);
      else this.vars.set(p, v);
    });
    this.macroDepth++;
    try {
      this.renderNodes(def.body);
    } catch (e) {
      // #break leaves the innermost scope, and a macro body is one (Velocity 1.7).
      if (!(e instanceof BreakSignal)) throw e;
    } finally {
      this.macroDepth--;
      for (const [p, had, v] of saved) {
        if (had) this.vars.set(p, v ?? null);
        else this.vars.delete(p);
      }
    }
  }

  private doEvaluate(argExpr: Expr, pos: number): void {
    const v = this.eval(argExpr);
    if (v === null) return;
    if (this.macroDepth >= MAX_MACRO_DEPTH) throw new VtlRuntimeError('#evaluate nested too deeply', pos);
    let tpl: Template;
    try {
      tpl = parseTemplate(javaToString(v), this.macros);
    } catch (e) {
      if (e instanceof VtlParseError) throw new VtlRuntimeError(`#evaluate could not parse its argument: ${e.message}`, pos);
      throw e;
    }
    this.macroDepth++;
    try {
      this.renderNodes(tpl.nodes);
    } catch (e) {
      if (!(e instanceof BreakSignal)) throw e;
    } finally {
      this.macroDepth--;
    }
  }

  /** `#if` truthiness (Velocity 1.7): only null and false are false for values, literals are always false. */
  cond(e: Expr): boolean {
    switch (e.t) {
      case 'bool':
        return e.value;
      case 'ref': {
        const v = this.evalRef(e.ref);
        return v === null ? false : typeof v === 'boolean' ? v : true;
      }
      case 'not':
        return !this.cond(e.e);
      case 'bin':
        switch (e.op) {
          case '&&': return this.cond(e.l) && this.cond(e.r);
          case '||': return this.cond(e.l) || this.cond(e.r);
          case '==': return vtlEquals(this.eval(e.l), this.eval(e.r));
          case '!=': return !vtlEquals(this.eval(e.l), this.eval(e.r));
          case '<': case '>': case '<=': case '>=': {
            const l = this.eval(e.l);
            const r = this.eval(e.r);
            if (!isNumber(l) || !isNumber(r)) return false;
            const c = compareNumbers(l, r);
            if (Number.isNaN(c)) return false;
            return e.op === '<' ? c < 0 : e.op === '>' ? c > 0 : e.op === '<=' ? c <= 0 : c >= 0;
          }
          default:
            // Velocity 1.7 evaluates an arithmetic node in a condition as false (SimpleNode.evaluate).
            this.eval(e);
            return false;
        }
      default:
        // A string/number/list/map literal used directly as a condition is false in Velocity 1.7 (A.1.2).
        return false;
    }
  }

  eval(e: Expr): JValue {
    switch (e.t) {
      case 'str': {
        if (!e.parts) return e.value;
        return this.renderToString(e.parts);
      }
      case 'int':
        return makeInt(BigInt(e.text));
      case 'float':
        return new JDouble(Number(e.text));
      case 'bool':
        return e.value;
      case 'list':
        return new JList(e.items.map((x) => this.eval(x)));
      case 'map': {
        const m = new Map<string, JValue>();
        for (const [k, v] of e.entries) m.set(mapKey(this.eval(k)), this.eval(v));
        return new JMap(m);
      }
      case 'range': {
        const a = this.eval(e.from);
        const b = this.eval(e.to);
        if (!isNumber(a) || !isNumber(b)) return null;
        const from = Math.trunc(toDouble(a));
        const to = Math.trunc(toDouble(b));
        if (Math.abs(to - from) >= MAX_RANGE) throw new VtlRuntimeError(`Range [${from}..${to}] is too large`, e.pos);
        const items: JValue[] = [];
        const stepDir = from <= to ? 1 : -1;
        for (let i = from; stepDir > 0 ? i <= to : i >= to; i += stepDir) {
          tick();
          items.push(makeInt(BigInt(i)));
        }
        return new JList(items);
      }
      case 'ref':
        return this.evalRef(e.ref);
      case 'not':
        return !this.cond(e.e);
      case 'bin': {
        switch (e.op) {
          case '&&': case '||': case '==': case '!=': case '<': case '>': case '<=': case '>=':
            return this.cond(e);
        }
        const l = this.eval(e.l);
        const r = this.eval(e.r);
        if (e.op === '+' && (typeof l === 'string' || typeof r === 'string')) {
          // Velocity 1.7 concatenates, printing a null operand as its reference text.
          const ls = l === null ? literalText(e.l) : javaToString(l);
          const rs = r === null ? literalText(e.r) : javaToString(r);
          try {
            assertStringFits(ls.length + rs.length);
          } catch (err) {
            throw new VtlLimitError((err as Error).message, e.pos);
          }
          return ls + rs;
        }
        if (!isNumber(l) || !isNumber(r)) return null;
        return math(e.op, l, r);
      }
    }
  }

  evalRef(ref: Ref): JValue {
    const root = ref.root === 'foreach' && !this.vars.has('foreach') ? this.foreach : (this.vars.get(ref.root) ?? null);
    return this.evalChain(root, ref.chain);
  }

  private evalChain(start: JValue, chain: Accessor[]): JValue {
    let v = start;
    for (const acc of chain) {
      if (v === null) return null;
      tick();
      try {
        if (acc.k === 'prop') v = this.getProperty(v, acc.name);
        else if (acc.k === 'index') v = this.getIndex(v, this.eval(acc.arg));
        else {
          const args = acc.args.map((a) => this.eval(a));
          const r = this.callMethod(v, acc.name, args);
          // A method on a long string is work proportional to its length: read the clock now, not in 256 steps.
          if (typeof v === 'string' && v.length > LONG_STRING) checkDeadline();
          v = r === NOT_FOUND ? null : r;
        }
      } catch (e) {
        if (e instanceof VtlLimitError && e.pos === undefined) {
          const Same = e.constructor as typeof VtlLimitError;
          throw new Same(e.message, acc.pos);
        }
        if (e instanceof VtlRuntimeError && e.pos === undefined) {
          const what = acc.k === 'index' ? 'index' : acc.k === 'method' ? `${acc.name}()` : acc.name;
          throw new VtlRuntimeError(`Error in ${what}: ${e.message}`, acc.pos);
        }
        throw e;
      }
    }
    return v;
  }

  private getIndex(v: JValue, idx: JValue): JValue {
    if (v instanceof JList) {
      const i = asInt(idx);
      if (i === null) return null;
      checkIndex(i, v.items.length);
      return v.items[i] ?? null;
    }
    if (v instanceof JMap) return v.map.get(mapKey(idx)) ?? null;
    return null;
  }

  private getProperty(v: JValue, name: string): JValue {
    // Velocity tries getters before Map.get, so `$map.class` is the class even when the map has a "class" key.
    if (name === 'class') return javaClassOf(v);
    if (v instanceof JMap) return v.map.get(name) ?? null;
    if (v instanceof JavaClass) return name === 'name' ? v.name : name === 'simpleName' ? v.name.replace(/^.*[.$]/, '') : null;
    if (typeof v === 'string') return name === 'empty' ? v.length === 0 : null;
    if (v instanceof JList) return name === 'empty' ? v.items.length === 0 : null;
    if (v instanceof JEntry) return name === 'key' ? v.key : name === 'value' ? v.value : null;
    if (v instanceof InputObject) return name === 'body' ? v.body : null;
    if (v instanceof ForeachScope) return this.foreachMember(v, name);
    return null;
  }

  private foreachMember(s: ForeachScope, name: string): JValue {
    switch (name) {
      case 'index': case 'getIndex': return makeInt(BigInt(s.index));
      case 'count': case 'getCount': return makeInt(BigInt(s.index + 1));
      case 'hasNext': case 'getHasNext': return s.hasNext;
      case 'first': case 'isFirst': case 'getFirst': return s.index === 0;
      case 'last': case 'isLast': case 'getLast': return !s.hasNext;
      case 'parent': case 'getParent': return s.parent;
    }
    return null;
  }

  private callMethod(v: JValue, name: string, args: JValue[]): CallResult {
    if (name === 'getClass' && args.length === 0) return javaClassOf(v) ?? NOT_FOUND;
    if (v instanceof JavaClass) {
      if (args.length) return NOT_FOUND;
      if (name === 'getName') return v.name;
      if (name === 'getSimpleName') return v.name.replace(/^.*[.$]/, '');
      return name === 'toString' ? v.toJavaString() : NOT_FOUND;
    }
    if (typeof v === 'string') {
      const r = stringMethod(v, name, args);
      if (typeof r === 'string') assertStringFits(r.length);
      return r;
    }
    if (v instanceof JList) return listMethod(v, name, args);
    if (v instanceof JMap) return mapMethod(v, name, args);
    if (isNumber(v)) return numberMethod(v, name, args);
    if (typeof v === 'boolean') {
      if (args.length === 0 && (name === 'toString' || name === 'booleanValue')) return name === 'toString' ? String(v) : v;
      if (args.length === 0 && name === 'hashCode') return makeInt(v ? 1231n : 1237n);
      if (name === 'equals' && args.length === 1) return args[0] === v;
      return NOT_FOUND;
    }
    if (v instanceof JEntry) return entryMethod(v, name, args);
    if (v instanceof JChar) return charMethod(v, name, args);
    if (v instanceof UtilObject) return utilMethod(name, args);
    if (v instanceof InputObject) {
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
    if (v instanceof ForeachScope) return args.length === 0 && FOREACH_METHODS.has(name) ? this.foreachMember(v, name) : NOT_FOUND;
    if (v instanceof DefineBlock && name === 'toString' && args.length === 0) return v.toJavaString();
    return NOT_FOUND;
  }
}

function literalText(e: Expr): string {
  if (e.t === 'ref') return e.ref.text;
  return e.t === 'bin' ? e.lit : '';
}
