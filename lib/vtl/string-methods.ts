/** The java.lang.String methods a template may call (A.1.1). */
import { JChar, JList, VtlRuntimeError, assertStringFits, makeInt, type JValue } from './values';
import { javaMatches, javaReplace, javaSplit, javaTrim } from './java';
import { asInt, isStr, NOT_FOUND, npe, stringArg, type CallResult } from './call';

export function stringMethod(s: string, name: string, args: JValue[]): CallResult {
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
