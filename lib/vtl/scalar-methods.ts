/** The java.lang Number and Character methods a template may call. */
import { JChar, JDouble, JInt, VtlRuntimeError, isNumber, javaEquals, javaToString, makeInt, toDouble, type JNumber, type JValue } from './values';
import { NOT_FOUND, npe, type CallResult } from './call';
import { compareNumbers } from './arithmetic';

export function numberMethod(n: JNumber, name: string, args: JValue[]): CallResult {
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

export function charMethod(c: JChar, name: string, args: JValue[]): CallResult {
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
