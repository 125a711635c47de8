/**
 * Java's Double.toString as implemented up to JDK 18 (sun.misc.FloatingDecimal, the algorithm API Gateway's JVM and
 * the reference oracle run). It is not always the shortest representation that JavaScript prints: for example
 * 9.25E21 prints as `9.249999999999999E21` and 2.7E22 as `2.7000000000000002E22` (JDK-4511638, fixed in JDK 19).
 * The digit generation below follows FloatingDecimal.dtoa step by step, with BigInt in place of int/long/FDBigInteger
 * (the int/long and big-integer branches differ in one comparison, kept below).
 */

const EXP_SHIFT = 52;
const MAX_SMALL_BIN_EXP = 62;
const MIN_SMALL_BIN_EXP = -21;
const N_5_BITS = [0, 3, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28, 31, 33, 35, 38, 40, 42, 45, 47, 49, 52, 54, 56, 59, 61];

function insignificantDigitsForPow2(p2: number): number {
  if (p2 > 1 && p2 < 64) return (2n ** BigInt(p2)).toString().length - 1;
  return 0;
}

function estimateDecExp(fractBits: bigint, binExp: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, 0x3ff0000000000000n | (fractBits & 0xfffffffffffffn));
  const d2 = view.getFloat64(0);
  const d = (d2 - 1.5) * 0.289529654 + 0.176091259 + binExp * 0.301029995663981;
  return Math.floor(d);
}

type Digits = { digits: number[]; decExponent: number };

function trailingZeros(x: bigint): number {
  const lo = Number(x & 0xffffffffn);
  if (lo !== 0) return 31 - Math.clz32(lo & -lo);
  const hi = Number(x >> 32n);
  return 32 + 31 - Math.clz32(hi & -hi);
}

function developLongDigits(lvalueIn: bigint, insignificant: number): Digits {
  let lvalue = lvalueIn;
  let decExponent = 0;
  if (insignificant !== 0) {
    const pow10 = 10n ** BigInt(insignificant);
    const residue = lvalue % pow10;
    lvalue /= pow10;
    decExponent += insignificant;
    if (residue >= pow10 >> 1n) lvalue++;
  }
  const digits: number[] = [];
  let c = Number(lvalue % 10n);
  lvalue /= 10n;
  while (c === 0) {
    decExponent++;
    c = Number(lvalue % 10n);
    lvalue /= 10n;
  }
  while (lvalue !== 0n) {
    digits.unshift(c);
    decExponent++;
    c = Number(lvalue % 10n);
    lvalue /= 10n;
  }
  digits.unshift(c);
  return { digits, decExponent: decExponent + 1 };
}

function roundup(r: Digits): void {
  let i = r.digits.length - 1;
  let q = r.digits[i] ?? 0;
  if (q === 9) {
    while (q === 9 && i > 0) {
      r.digits[i] = 0;
      q = r.digits[--i] ?? 0;
    }
    if (q === 9) {
      r.decExponent += 1;
      r.digits[0] = 1;
      return;
    }
  }
  r.digits[i] = q + 1;
}

function dtoa(binExp: number, fractBitsIn: bigint, nSignificantBits: number): Digits {
  let fractBits = fractBitsIn;
  const tailZeros = trailingZeros(fractBits);
  const nFractBits = EXP_SHIFT + 1 - tailZeros;
  const nTinyBits = Math.max(0, nFractBits - binExp - 1);
  if (binExp <= MAX_SMALL_BIN_EXP && binExp >= MIN_SMALL_BIN_EXP) {
    if (nTinyBits < N_5_BITS.length && nFractBits + (N_5_BITS[nTinyBits] ?? 0) < 64 && nTinyBits === 0) {
      const insignificant = binExp > nSignificantBits ? insignificantDigitsForPow2(binExp - nSignificantBits - 1) : 0;
      fractBits = binExp >= EXP_SHIFT ? fractBits << BigInt(binExp - EXP_SHIFT) : fractBits >> BigInt(EXP_SHIFT - binExp);
      return developLongDigits(fractBits, insignificant);
    }
  }
  let decExp = estimateDecExp(fractBits, binExp);
  const B5 = Math.max(0, -decExp);
  let B2 = B5 + nTinyBits + binExp;
  const S5 = Math.max(0, decExp);
  let S2 = S5 + nTinyBits;
  const M5 = B5;
  let M2 = B2 - nSignificantBits;
  fractBits >>= BigInt(tailZeros);
  B2 -= nFractBits - 1;
  const common2 = Math.min(B2, S2);
  B2 -= common2;
  S2 -= common2;
  M2 -= common2;
  if (nFractBits === 1) M2 -= 1;
  if (M2 < 0) {
    B2 -= M2;
    S2 -= M2;
    M2 = 0;
  }
  const Bbits = nFractBits + B2 + (B5 < N_5_BITS.length ? (N_5_BITS[B5] ?? 0) : B5 * 3);
  const tenSbits = S2 + 1 + (S5 + 1 < N_5_BITS.length ? (N_5_BITS[S5 + 1] ?? 0) : (S5 + 1) * 3);
  // The int/long branch stops on `b + m > tens`, the FDBigInteger branch on `b + m >= tens`.
  const bigBranch = !(Bbits < 64 && tenSbits < 64);
  let b = fractBits * 5n ** BigInt(B5) * 2n ** BigInt(B2);
  const s = 5n ** BigInt(S5) * 2n ** BigInt(S2);
  let m = 5n ** BigInt(M5) * 2n ** BigInt(M2);
  const tens = s * 10n;
  const digits: number[] = [];
  let q = Number(b / s);
  b = 10n * (b % s);
  m *= 10n;
  let low = b < m;
  let high = bigBranch ? b + m >= tens : b + m > tens;
  if (q === 0 && !high) decExp--;
  else digits.push(q);
  if (decExp < -3 || decExp >= 8) high = low = false;
  while (!low && !high) {
    q = Number(b / s);
    b = 10n * (b % s);
    m *= 10n;
    low = b < m;
    high = bigBranch ? b + m >= tens : b + m > tens;
    digits.push(q);
  }
  const lowDigitDifference = b * 2n - tens;
  const r: Digits = { digits, decExponent: decExp + 1 };
  if (high) {
    if (low) {
      if (lowDigitDifference === 0n) {
        if (((digits[digits.length - 1] ?? 0) & 1) !== 0) roundup(r);
      } else if (lowDigitDifference > 0n) roundup(r);
    } else roundup(r);
  }
  return r;
}

const cache = new Map<number, string>();

/** Java (JDK ≤ 18) `Double.toString(d)`. */
export function javaDoubleToString(d: number): string {
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const hit = cache.get(d);
  if (hit !== undefined) return hit;
  const s = format(d);
  if (cache.size >= 4096) cache.clear();
  cache.set(d, s);
  return s;
}

function format(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  let fractBits = bits & 0xfffffffffffffn;
  let binExp = Number((bits >> 52n) & 0x7ffn);
  let nSignificantBits: number;
  if (binExp === 0) {
    let leadingZeros = 0;
    while (((fractBits >> BigInt(63 - leadingZeros)) & 1n) === 0n) leadingZeros++;
    const shift = leadingZeros - (63 - EXP_SHIFT);
    fractBits <<= BigInt(shift);
    binExp = 1 - shift;
    nSignificantBits = 64 - leadingZeros;
  } else {
    fractBits |= 1n << 52n;
    nSignificantBits = EXP_SHIFT + 1;
  }
  binExp -= 1023;
  const { digits, decExponent } = dtoa(binExp, fractBits, nSignificantBits);
  const ds = digits.join('');
  let out: string;
  if (decExponent > 0 && decExponent < 8) {
    const charLength = Math.min(ds.length, decExponent);
    out = ds.slice(0, charLength);
    if (charLength < decExponent) out += `${'0'.repeat(decExponent - charLength)}.0`;
    else out += `.${charLength < ds.length ? ds.slice(charLength) : '0'}`;
  } else if (decExponent <= 0 && decExponent > -3) {
    out = `0.${'0'.repeat(-decExponent)}${ds}`;
  } else {
    out = `${ds[0] ?? '0'}.${ds.length > 1 ? ds.slice(1) : '0'}E${decExponent - 1}`;
  }
  return negative ? `-${out}` : out;
}
