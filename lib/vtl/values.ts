/**
 * Java-like value model for the VTL interpreter. Templates only ever see these values; host JavaScript objects are
 * never exposed, so a template cannot reach `constructor`, prototypes or any other JS internals.
 */
import { assertStringFits, checkDeadline } from './budget';
import { javaDoubleToString } from './java-double';

export { javaDoubleToString };

export type JIntKind = 'Integer' | 'Long' | 'BigInteger';

/** java.lang.Integer / Long / BigInteger. */
export class JInt {
  constructor(
    readonly value: bigint,
    readonly kind: JIntKind,
  ) {}
}

/** java.lang.Character (what String.charAt returns): prints like a string but is not a String. */
export class JChar {
  constructor(readonly value: string) {}
}

/** java.lang.Double. */
export class JDouble {
  constructor(readonly value: number) {}
}

/** java.math.BigDecimal (json-smart uses it for float literals longer than 18 characters). */
export class JBigDecimal {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {}
}

export type JNumber = JInt | JDouble | JBigDecimal;

/**
 * 'list' = java.util.ArrayList (renders `[a, b]`), 'json' = net.minidev.json.JSONArray (renders compact JSON),
 * 'array' = a Java String[] (from String.split; renders as Java's array identity string).
 */
export type JListKind = 'list' | 'json' | 'array';

export class JList {
  modCount = 0;
  constructor(
    public items: JValue[],
    readonly kind: JListKind = 'list',
  ) {}
}

/** 'map' = LinkedHashMap (renders `{k=v}`); 'context' = a map nested in $context (renders "" on AWS, A.1.1 #4). */
export type JMapKind = 'map' | 'context';

export class JMap {
  constructor(
    readonly map: Map<string, JValue> = new Map(),
    readonly kind: JMapKind = 'map',
  ) {}
}

/** java.util.Map.Entry of a live map. */
export class JEntry {
  constructor(
    readonly owner: JMap,
    readonly key: string,
  ) {}
  get value(): JValue {
    return this.owner.map.get(this.key) ?? null;
  }
}

/** Objects provided by the engine ($input, $util, $foreach, #define blocks); their members are whitelisted. */
export abstract class HostObject {
  abstract readonly hostName: string;
  /** What `String.valueOf` prints for this object. */
  toJavaString(): string {
    return '';
  }
}

export type JValue = null | string | boolean | JInt | JDouble | JBigDecimal | JChar | JList | JMap | JEntry | HostObject;

/** A failure while rendering (Java would throw); `pos` is the source offset of the failing call when known. */
export { assertStringFits, MAX_STRING_CHARS, VtlLimitError, VtlRuntimeError } from './budget';

const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** The narrowest of Integer, Long, BigInteger holding `v` (how Velocity and json-smart type integer literals). */
export function makeInt(v: bigint): JInt {
  if (v >= INT_MIN && v <= INT_MAX) return new JInt(v, 'Integer');
  if (v >= LONG_MIN && v <= LONG_MAX) return new JInt(v, 'Long');
  return new JInt(v, 'BigInteger');
}

export function isNumber(v: JValue): v is JNumber {
  return v instanceof JInt || v instanceof JDouble || v instanceof JBigDecimal;
}

export function toDouble(n: JNumber): number {
  if (n instanceof JDouble) return n.value;
  if (n instanceof JInt) return Number(n.value);
  return Number(bigDecimalToString(n));
}

/** java.math.BigDecimal.toString (scientific notation when the adjusted exponent is below -6 or scale < 0). */
export function bigDecimalToString(n: JBigDecimal): string {
  const neg = n.unscaled < 0n;
  const coeff = (neg ? -n.unscaled : n.unscaled).toString();
  const adjusted = coeff.length - 1 - n.scale;
  let out: string;
  if (n.scale >= 0 && adjusted >= -6) {
    if (n.scale === 0) out = coeff;
    else if (coeff.length > n.scale) out = `${coeff.slice(0, coeff.length - n.scale)}.${coeff.slice(coeff.length - n.scale)}`;
    else out = `0.${'0'.repeat(n.scale - coeff.length)}${coeff}`;
  } else {
    out = coeff.length > 1 ? `${coeff[0]}.${coeff.slice(1)}` : coeff;
    out += `E${adjusted >= 0 ? '+' : ''}${adjusted}`;
  }
  return neg ? `-${out}` : out;
}

function javaIdentityHash(n: number): string {
  return (((n * 2654435761) >>> 0) | 0x10000000).toString(16);
}

/**
 * Java's `String.valueOf(value)` for the value model: maps `{k=v, k2=v2}`, lists `[a, b]`, JSON arrays as compact
 * JSON, numbers as Java prints them. `null` prints `null` (the top-level "null renders empty" rule of API Gateway is
 * applied by the renderer, not here).
 */
export function javaToString(v: JValue, seen: Set<object> = new Set()): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof JInt) return v.value.toString();
  if (v instanceof JDouble) return javaDoubleToString(v.value);
  if (v instanceof JBigDecimal) return bigDecimalToString(v);
  if (v instanceof JChar) return v.value;
  if (v instanceof JList) {
    if (v.kind === 'json') return toJsonString(v);
    if (v.kind === 'array') return `[Ljava.lang.String;@${javaIdentityHash(v.items.length + 17)}`;
    if (seen.has(v)) return '(this Collection)';
    seen.add(v);
    let size = 0;
    const s = `[${v.items.map((x) => {
      const part = x === v ? '(this Collection)' : javaToString(x, seen);
      assertStringFits((size += part.length + 2));
      return part;
    }).join(', ')}]`;
    seen.delete(v);
    return s;
  }
  if (v instanceof JMap) {
    if (v.kind === 'context') return '';
    if (seen.has(v)) return '(this Map)';
    seen.add(v);
    const parts: string[] = [];
    let size = 0;
    for (const [k, x] of v.map) {
      const part = `${k}=${x === v ? '(this Map)' : javaToString(x, seen)}`;
      assertStringFits((size += part.length + 2));
      parts.push(part);
    }
    seen.delete(v);
    return `{${parts.join(', ')}}`;
  }
  if (v instanceof JEntry) return `${v.key}=${javaToString(v.value, seen)}`;
  return v.toJavaString();
}

const HEX = '0123456789ABCDEF';

function hex4(code: number): string {
  return `\\u${HEX[(code >> 12) & 15]}${HEX[(code >> 8) & 15]}${HEX[(code >> 4) & 15]}${HEX[code & 15]}`;
}

/** json-smart's string escaping (JSONStyle.NO_COMPRESS): escapes `/` and 0x7F-0x9F, 0x2000-0x20FF as \uXXXX. */
export function jsonEscape(s: string): string {
  if (s.length > 0xffff) {
    // Size known before building (a cap reached after seconds of concatenation would read as a timeout).
    let size = s.length;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x22 || c === 0x5c || c === 0x2f || c === 8 || c === 9 || c === 10 || c === 12 || c === 13) size += 1;
      else if (c <= 0x1f || (c >= 0x7f && c <= 0x9f) || (c >= 0x2000 && c <= 0x20ff)) size += 5;
    }
    assertStringFits(size);
  }
  let out = '';
  let start = 0;
  let escapes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | null = null;
    switch (c) {
      case 0x22: rep = '\\"'; break;
      case 0x5c: rep = '\\\\'; break;
      case 0x08: rep = '\\b'; break;
      case 0x0c: rep = '\\f'; break;
      case 0x0a: rep = '\\n'; break;
      case 0x0d: rep = '\\r'; break;
      case 0x09: rep = '\\t'; break;
      case 0x2f: rep = '\\/'; break;
      default:
        if (c <= 0x1f || (c >= 0x7f && c <= 0x9f) || (c >= 0x2000 && c <= 0x20ff)) rep = hex4(c);
    }
    if (rep !== null) {
      out += s.slice(start, i) + rep;
      start = i + 1;
      if (++escapes % 4096 === 0) checkDeadline();
    }
  }
  if (start === 0) return s;
  assertStringFits(out.length + s.length - start);
  return out + s.slice(start);
}

/** json-smart's JSONValue.toJSONString: compact JSON; Double via Java's toString, infinities as `null`. */
export function toJsonString(v: JValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return `"${jsonEscape(v)}"`;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof JInt) return v.value.toString();
  if (v instanceof JDouble) return Number.isFinite(v.value) || Number.isNaN(v.value) ? javaDoubleToString(v.value) : 'null';
  if (v instanceof JBigDecimal) return bigDecimalToString(v);
  if (v instanceof JList) {
    let size = 0;
    return `[${v.items.map((x) => {
      const part = toJsonString(x);
      assertStringFits((size += part.length + 1));
      return part;
    }).join(',')}]`;
  }
  if (v instanceof JMap) {
    const parts: string[] = [];
    let size = 0;
    for (const [k, x] of v.map) {
      const part = `"${jsonEscape(k)}":${toJsonString(x)}`;
      assertStringFits((size += part.length + 1));
      parts.push(part);
    }
    return `{${parts.join(',')}}`;
  }
  return `"${jsonEscape(javaToString(v))}"`;
}

/** Java `a.equals(b)` for the value model. */
export function javaEquals(a: JValue, b: JValue): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (typeof a === 'string' || typeof b === 'string' || typeof a === 'boolean' || typeof b === 'boolean') return false;
  if (a instanceof JInt) return b instanceof JInt && a.kind === b.kind && a.value === b.value;
  if (a instanceof JDouble) return b instanceof JDouble && Object.is(a.value, b.value);
  if (a instanceof JBigDecimal) return b instanceof JBigDecimal && a.unscaled === b.unscaled && a.scale === b.scale;
  if (a instanceof JChar) return b instanceof JChar && a.value === b.value;
  if (a instanceof JList) {
    if (!(b instanceof JList) || a.kind === 'array' || b.kind === 'array') return false;
    if (a.items.length !== b.items.length) return false;
    return a.items.every((x, i) => javaEquals(x, b.items[i] ?? null));
  }
  if (a instanceof JMap) {
    if (!(b instanceof JMap) || a.map.size !== b.map.size) return false;
    for (const [k, x] of a.map) {
      if (!b.map.has(k) || !javaEquals(x, b.map.get(k) ?? null)) return false;
    }
    return true;
  }
  if (a instanceof JEntry) return b instanceof JEntry && a.key === b.key && javaEquals(a.value, b.value);
  return false;
}

/** Deep copy of JSON-derived containers (each `$input.path` call parses the body afresh in API Gateway). */
export function deepCopy(v: JValue): JValue {
  if (v instanceof JList) return new JList(v.items.map(deepCopy), v.kind);
  if (v instanceof JMap) {
    const m = new Map<string, JValue>();
    for (const [k, x] of v.map) m.set(k, deepCopy(x));
    return new JMap(m, v.kind);
  }
  return v;
}

/**
 * Converts a plain JS value (request maps, `$context`) to the value model. Integral numbers become Integer/Long,
 * others Double; nested objects in `$context` become context maps; arrays become JSON arrays (as json-smart parsed
 * them in the oracle). Keys are read with Object.entries, so `__proto__` & co. are plain keys.
 */
export function fromPlain(v: unknown, nestedKind: JMapKind = 'map', depth = 0): JValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (Number.isInteger(v) && Number.isSafeInteger(v)) return makeInt(BigInt(v));
    return new JDouble(v);
  }
  if (typeof v === 'bigint') return makeInt(v);
  if (depth > 64) return null;
  if (Array.isArray(v)) return new JList(v.map((x: unknown) => fromPlain(x, 'map', depth + 1)), 'json');
  if (typeof v === 'object') {
    const m = new Map<string, JValue>();
    for (const [k, x] of Object.entries(v)) m.set(k, fromPlain(x, nestedKind, depth + 1));
    return new JMap(m, nestedKind);
  }
  return null;
}
