/**
 * json-smart 2.2 permissive-mode parser (what Jayway JsonPath uses on API Gateway, A.1/A.2). JSON.parse cannot be
 * used: it loses Integer vs Double (`10.00` must stay a Double and print `10.0`), long precision
 * (9007199254740993), and json-smart accepts single quotes, unquoted words, trailing commas, and ignores text after
 * the first complete value.
 */
import { JBigDecimal, JDouble, JList, JMap, type JValue, makeInt, VtlRuntimeError } from './values';

const MAX_DEPTH = 512;

export class JsonParseError extends VtlRuntimeError {}

const INT_RE = /^-?[0-9]+$/;
const FLOAT_RE = /^-?[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?$/;

/** Parses a number lexeme the way json-smart types it: Integer, Long, BigInteger, Double, or BigDecimal (> 18 chars). */
export function parseJsonNumber(text: string): JValue {
  if (text === '-') return makeInt(0n);
  if (INT_RE.test(text)) return makeInt(BigInt(text));
  if (text.length > 18) return parseBigDecimal(text);
  return new JDouble(Number(text));
}

function parseBigDecimal(text: string): JBigDecimal {
  const m = /^(-?)([0-9]+)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!m) return new JBigDecimal(0n, 0);
  const frac = m[3] ?? '';
  const unscaled = BigInt(`${m[1] ?? ''}${m[2] ?? '0'}${frac}`);
  return new JBigDecimal(unscaled, frac.length - Number(m[4] ?? '0'));
}

function classifyWord(word: string): JValue {
  if (word === 'true') return true;
  if (word === 'false') return false;
  if (word === 'null') return null;
  if (word === 'NaN') return new JDouble(NaN);
  if (word === '-' || INT_RE.test(word) || FLOAT_RE.test(word)) return parseJsonNumber(word);
  return word;
}

const WS = new Set([' ', '\t', '\n', '\r']);

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  fail(msg: string): never {
    throw new JsonParseError(`Invalid JSON: ${msg} at position ${this.i}`);
  }

  ws(): void {
    while (this.i < this.s.length && WS.has(this.s[this.i] ?? '')) this.i++;
  }

  value(stops: string, depth: number): { v: JValue; empty: boolean } {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    this.ws();
    const c = this.s[this.i];
    if (c === undefined) this.fail('Unexpected End Of File');
    if (c === '{') return { v: this.object(depth), empty: false };
    if (c === '[') return { v: this.array(depth), empty: false };
    if (c === '"' || c === "'") return { v: this.quoted(c), empty: false };
    const start = this.i;
    while (this.i < this.s.length && !stops.includes(this.s[this.i] ?? '')) this.i++;
    const word = this.s.slice(start, this.i).replace(/[ \t\r\n]+$/, '');
    return { v: classifyWord(word), empty: word === '' };
  }

  quoted(q: string): string {
    this.i++;
    const close = this.s.indexOf(q, this.i);
    if (close >= 0 && !this.s.slice(this.i, close).includes('\\')) {
      const fast = this.s.slice(this.i, close);
      this.i = close + 1;
      return fast;
    }
    let out = '';
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) this.fail('Unexpected End Of File in string');
      this.i++;
      if (c === q) return out;
      if (c !== '\\') {
        // json-smart's slow path (taken once a string holds an escape) drops raw control characters and DEL.
        const code = c.charCodeAt(0);
        if (code > 0x1f && code !== 0x7f) out += c;
        continue;
      }
      const e = this.s[this.i];
      if (e === undefined) this.fail('Unexpected End Of File in string');
      this.i++;
      switch (e) {
        case '"': case '\\': case '/': case "'": out += e; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          const h = this.s.slice(this.i, this.i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(h)) this.fail('bad unicode escape');
          out += String.fromCharCode(parseInt(h, 16));
          this.i += 4;
          break;
        }
        default:
          // json-smart drops an unknown escape sequence entirely (`"\q"` → ``).
          break;
      }
    }
  }

  object(depth: number): JMap {
    this.i++;
    const m = new Map<string, JValue>();
    for (;;) {
      this.ws();
      const c = this.s[this.i];
      if (c === undefined) this.fail('Unexpected End Of File');
      if (c === '}') {
        this.i++;
        return new JMap(m);
      }
      if (c === ',') {
        this.i++;
        continue;
      }
      let key: string;
      if (c === '"' || c === "'") key = this.quoted(c);
      else {
        const start = this.i;
        while (this.i < this.s.length && !':,}'.includes(this.s[this.i] ?? '')) this.i++;
        key = this.s.slice(start, this.i).trim();
      }
      this.ws();
      if (this.s[this.i] !== ':') this.fail('expected ":"');
      this.i++;
      const { v } = this.value(',}', depth + 1);
      m.set(key, v);
      this.ws();
      const d = this.s[this.i];
      if (d === ',') this.i++;
      else if (d === '}') continue;
      else this.fail(d === undefined ? 'Unexpected End Of File' : `unexpected character ${d}`);
    }
  }

  array(depth: number): JList {
    this.i++;
    const items: JValue[] = [];
    for (;;) {
      this.ws();
      const c = this.s[this.i];
      if (c === undefined) this.fail('Unexpected End Of File');
      if (c === ']') {
        this.i++;
        return new JList(items, 'json');
      }
      if (c === ',') {
        this.i++;
        continue;
      }
      const { v, empty } = this.value(',]', depth + 1);
      if (!empty) items.push(v);
      this.ws();
      const d = this.s[this.i];
      if (d === ',') this.i++;
      else if (d === ']') continue;
      else this.fail(d === undefined ? 'Unexpected End Of File' : `unexpected character ${d}`);
    }
  }
}

/**
 * Parses text like json-smart's permissive mode. A bare word is a string (`some raw data`), text after the first
 * complete value is ignored. Throws JsonParseError on unterminated structures.
 */
export function parseJsonPermissive(text: string): JValue {
  const p = new Parser(text);
  p.ws();
  if (p.i >= text.length) return '';
  return p.value('', 0).v;
}
