/** What the member tables (./members and the *-methods files) share: the not-found marker and Java's argument checks. */
import { JInt, VtlRuntimeError, javaToString, type JValue } from './values';

export function asInt(v: JValue | undefined): number | null {
  return v instanceof JInt && v.kind === 'Integer' ? Number(v.value) : null;
}

export function isStr(v: JValue | undefined): v is string {
  return typeof v === 'string';
}

export const NOT_FOUND = Symbol('method not found');
export type CallResult = JValue | typeof NOT_FOUND;

export function npe(): never {
  throw new VtlRuntimeError('NullPointerException');
}

export function stringArg(v: JValue | undefined): string | typeof NOT_FOUND {
  if (v === null) npe();
  return typeof v === 'string' ? v : NOT_FOUND;
}

export function checkIndex(i: number, size: number): void {
  if (i < 0 || i >= size) throw new VtlRuntimeError(`Index ${i} out of bounds for length ${size}`);
}

export function mapKey(k: JValue): string {
  return typeof k === 'string' ? k : javaToString(k);
}
