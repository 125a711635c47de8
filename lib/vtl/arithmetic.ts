/** Velocity 1.7 arithmetic and comparison on the Java number model of ./values (MathUtils semantics). */
import { JBigDecimal, JChar, JDouble, JEntry, JInt, JList, JMap, VtlRuntimeError, isNumber, javaEquals, javaToString, toDouble, type JNumber, type JValue } from './values';

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
export function math(op: '+' | '-' | '*' | '/' | '%', a: JNumber, b: JNumber): JValue {
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

export function compareNumbers(a: JNumber, b: JNumber): number {
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
