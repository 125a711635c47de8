/**
 * A small Jayway JsonPath 2.0 evaluator (A.2). Own code rather than jsonpath-plus because Jayway's rules are what
 * must be exact and jsonpath-plus differs on each of them: `$.` is prepended to paths without `$`; a definite path
 * yields the value itself and a missing member is "not found" (null); an indefinite path (wildcard, deep scan,
 * filter, slice, index list) yields a JSON array in which missing members are skipped; 2.0.0's own failure rules
 * (see step()), single-quoted names only, no `in`/`nin`/`size`. Rules marked "measured" were established by running
 * the reference oracle (Jayway 2.0.0 + json-smart 2.2) on generated paths and documents.
 */
import { guardedTest } from './java';
import safeRegex from 'safe-regex2';
import { JList, JMap, type JValue, JInt, JDouble, isNumber, javaToString, toDouble } from './values';

type FilterExpr =
  | { t: 'or' | 'and'; l: FilterExpr; r: FilterExpr }
  | { t: 'not'; e: FilterExpr }
  | { t: 'cmp'; op: string; l: Operand; r: Operand }
  | { t: 'exists'; o: Operand };

type Operand =
  | { t: 'path'; root: '@' | '$'; tokens: Token[] }
  | { t: 'lit'; v: JValue }
  | { t: 'regex'; re: RegExp }
  | { t: 'list'; items: Operand[] };

type Token =
  | { t: 'prop'; names: string[] }
  | { t: 'wild' }
  | { t: 'scan' }
  | { t: 'index'; idx: number[] }
  | { t: 'slice'; from: number | null; to: number | null }
  | { t: 'filter'; f: FilterExpr };

export type CompiledPath = { tokens: Token[]; definite: boolean };

export class JsonPathError extends Error {}

class PathParser {
  i = 0;
  constructor(readonly s: string) {}

  fail(msg: string): never {
    throw new JsonPathError(`Invalid JSONPath ${this.s}: ${msg}`);
  }

  ws(): void {
    while (this.s[this.i] === ' ') this.i++;
  }

  tokens(stopAt: string): Token[] {
    const out: Token[] = [];
    while (this.i < this.s.length && !stopAt.includes(this.s[this.i] ?? '')) {
      const c = this.s[this.i];
      if (c === '.') {
        if (this.s[this.i + 1] === '.') {
          this.i += 2;
          out.push({ t: 'scan' });
          if (this.s[this.i] === '[') continue;
        } else this.i++;
        if (this.s[this.i] === '*') {
          this.i++;
          out.push({ t: 'wild' });
          continue;
        }
        const start = this.i;
        while (this.i < this.s.length && !'.[ )'.includes(this.s[this.i] ?? '') && !stopAt.includes(this.s[this.i] ?? '')) this.i++;
        if (this.i === start) this.fail('empty property');
        out.push({ t: 'prop', names: [this.s.slice(start, this.i)] });
      } else if (c === '[') {
        this.i++;
        out.push(this.bracket());
      } else this.fail(`unexpected ${c}`);
    }
    return out;
  }

  bracket(): Token {
    this.ws();
    const c = this.s[this.i];
    if (c === '*') {
      this.i++;
      this.ws();
      this.expect(']');
      return { t: 'wild' };
    }
    if (c === '?') {
      this.i++;
      this.expect('(');
      const f = this.filterOr();
      this.ws();
      this.expect(')');
      this.ws();
      this.expect(']');
      return { t: 'filter', f };
    }
    if (c === '"') this.fail('double-quoted property names are not supported by Jayway 2.0');
    if (c === "'") {
      const names: string[] = [];
      for (;;) {
        this.ws();
        names.push(this.quoted());
        this.ws();
        if (this.s[this.i] === ',') {
          this.i++;
          continue;
        }
        this.expect(']');
        return { t: 'prop', names };
      }
    }
    const end = this.s.indexOf(']', this.i);
    if (end < 0) this.fail('unclosed [');
    const body = this.s.slice(this.i, end).replace(/\s+/g, '');
    this.i = end + 1;
    if (body.includes(':')) {
      const [a = '', b = ''] = body.split(':');
      const num = (x: string): number | null => (x === '' ? null : this.int(x));
      return { t: 'slice', from: num(a), to: num(b) };
    }
    const idx = body.split(',').map((x) => this.int(x));
    if (idx.length > 1 && idx.some((x) => x < 0)) this.fail('negative index in an index list');
    return { t: 'index', idx };
  }

  int(x: string): number {
    if (!/^-?[0-9]+$/.test(x)) this.fail(`bad index ${x}`);
    return Number(x);
  }

  expect(ch: string): void {
    if (this.s[this.i] !== ch) this.fail(`expected ${ch}`);
    this.i++;
  }

  quoted(): string {
    const q = this.s[this.i];
    if (q !== "'" && q !== '"') this.fail('expected quote');
    this.i++;
    let out = '';
    while (this.i < this.s.length && this.s[this.i] !== q) {
      if (this.s[this.i] === '\\' && this.i + 1 < this.s.length) this.i++;
      out += this.s[this.i];
      this.i++;
    }
    this.expect(q);
    return out;
  }

  filterOr(): FilterExpr {
    let l = this.filterAnd();
    for (;;) {
      this.ws();
      if (this.s.startsWith('||', this.i)) {
        this.i += 2;
        l = { t: 'or', l, r: this.filterAnd() };
      } else return l;
    }
  }

  filterAnd(): FilterExpr {
    let l = this.filterUnary();
    for (;;) {
      this.ws();
      if (this.s.startsWith('&&', this.i)) {
        this.i += 2;
        l = { t: 'and', l, r: this.filterUnary() };
      } else return l;
    }
  }

  filterUnary(): FilterExpr {
    this.ws();
    if (this.s[this.i] === '!' && this.s[this.i + 1] !== '=') {
      this.i++;
      return { t: 'not', e: this.filterUnary() };
    }
    if (this.s[this.i] === '(') {
      this.i++;
      const e = this.filterOr();
      this.ws();
      this.expect(')');
      return e;
    }
    const l = this.operand();
    this.ws();
    const m = /^(==|!=|<=|>=|<|>|=~|nin\b|in\b|size\b|empty\b)/.exec(this.s.slice(this.i));
    if (!m || !m[1]) return { t: 'exists', o: l };
    if (/^[a-z]/.test(m[1])) this.fail(`operator ${m[1]} is not supported by Jayway 2.0`);
    this.i += m[1].length;
    return { t: 'cmp', op: m[1], l, r: this.operand() };
  }

  operand(): Operand {
    this.ws();
    const c = this.s[this.i];
    if (c === '@' || c === '$') {
      this.i++;
      return { t: 'path', root: c, tokens: this.tokens(' )=!<>&|,]') };
    }
    if (c === "'") return { t: 'lit', v: this.quoted() };
    if (c === '"') {
      const start = this.i;
      this.quoted();
      return { t: 'lit', v: this.s.slice(start, this.i) };
    }
    if (c === '/') {
      const end = this.s.indexOf('/', this.i + 1);
      if (end < 0) this.fail('unclosed regex');
      const src = this.s.slice(this.i + 1, end);
      this.i = end + 1;
      const flags = /^[a-z]*/.exec(this.s.slice(this.i))?.[0] ?? '';
      this.i += flags.length;
      let re: RegExp | undefined;
      try {
        re = new RegExp(src, flags.includes('i') ? 'i' : '');
      } catch {
        this.fail('bad regex');
      }
      // Same guard as java.ts: a regex with nested repetition could stall the server thread.
      if (!safeRegex(src)) this.fail('regex with nested repetition (like (a+)+) can take exponential time');
      return { t: 'regex', re: re! };
    }
    if (c === '[') {
      this.i++;
      const items: Operand[] = [];
      for (;;) {
        this.ws();
        if (this.s[this.i] === ']') {
          this.i++;
          return { t: 'list', items };
        }
        items.push(this.operand());
        this.ws();
        if (this.s[this.i] === ',') this.i++;
      }
    }
    const m = /^(-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null)/.exec(this.s.slice(this.i));
    if (!m || !m[1]) this.fail('bad filter operand');
    this.i += m[1].length;
    const w = m[1];
    if (w === 'true') return { t: 'lit', v: true };
    if (w === 'false') return { t: 'lit', v: false };
    if (w === 'null') return { t: 'lit', v: null };
    return { t: 'lit', v: /^-?[0-9]+$/.test(w) ? new JInt(BigInt(w), 'Long') : new JDouble(Number(w)) };
  }
}

const cache = new Map<string, CompiledPath>();

/** Compiles a Jayway path (memoised); throws JsonPathError for an invalid path. */
export function compileJsonPath(path: string): CompiledPath {
  const hit = cache.get(path);
  if (hit) return hit;
  let s = path.trim();
  if (!s.startsWith('$') && !s.startsWith('@')) s = `$.${s}`;
  if (s.endsWith('.')) throw new JsonPathError(`Invalid JSONPath ${path}: path must not end with a '.'`);
  const p = new PathParser(s);
  p.i = 1;
  const tokens = p.tokens('');
  const definite = tokens.every((t) => t.t === 'prop' || (t.t === 'index' && t.idx.length === 1));
  const compiled = { tokens, definite };
  if (cache.size > 500) cache.clear();
  cache.set(path, compiled);
  return compiled;
}

const NOT_FOUND = Symbol('not found');
type Found = JValue | typeof NOT_FOUND;

type Wildcard = 'none' | 'map' | 'array';
type StepInfo = { afterScan: boolean; wildcard: Wildcard };

/**
 * Applies one token to one node with Jayway 2.0.0's failure rules (measured against the oracle). Two kinds of
 * failure: "not found" (index out of bounds; a missing member below a wildcard over an object) is swallowed for one
 * element of a wildcard over an array and otherwise fails the path; "invalid" (an index, slice or filter applied to a
 * non-array/primitive) always fails it. A missing member is otherwise simply skipped. A failed path yields null.
 */
function step(node: JValue, tok: Token, root: JValue, out: JValue[], info: StepInfo): void {
  const notFound = (msg: string): void => {
    if (info.wildcard !== 'array') throw new JsonPathError(msg);
  };
  switch (tok.t) {
    case 'prop':
      if (!(node instanceof JMap)) {
        // "Expected to find an object with property …": fails the path unless inside an array wildcard or a scan.
        if (!info.afterScan && info.wildcard !== 'array') throw new JsonPathError('property of a non-object');
        return;
      }
      if (tok.names.length === 1) {
        const name = tok.names[0] ?? '';
        if (node.map.has(name)) out.push(node.map.get(name) ?? null);
        else if (info.wildcard === 'map' && !info.afterScan) notFound(`missing property ${name}`);
      } else {
        const m = new Map<string, JValue>();
        for (const n of tok.names) if (node.map.has(n)) m.set(n, node.map.get(n) ?? null);
        out.push(new JMap(m));
      }
      return;
    case 'wild':
      if (node instanceof JMap) out.push(...node.map.values());
      else if (node instanceof JList) out.push(...node.items);
      return;
    case 'index':
      if (!(node instanceof JList)) {
        if (info.afterScan) return;
        throw new JsonPathError('index applied to a non-array');
      }
      for (const j of tok.idx) {
        if (j >= 0 && j < node.items.length) out.push(node.items[j] ?? null);
        else if (info.afterScan) throw new JsonPathError(`index ${j} out of bounds`);
        else notFound(`index ${j} out of bounds`);
      }
      return;
    case 'slice': {
      if (!(node instanceof JList)) {
        if (info.afterScan) return;
        throw new JsonPathError('slice applied to a non-array');
      }
      const n = node.items.length;
      let from = tok.from ?? 0;
      let to = tok.to ?? n;
      if (from < 0) from = Math.max(0, n + from);
      if (to < 0) to = n + to;
      for (let j = from; j < Math.min(to, n); j++) out.push(node.items[j] ?? null);
      return;
    }
    case 'filter':
      if (node instanceof JList) {
        for (const item of node.items) if (filterMatches(tok.f, item, root)) out.push(item);
      } else if (node instanceof JMap) {
        if (filterMatches(tok.f, node, root)) out.push(node);
      } else if (!info.afterScan) throw new JsonPathError('filter applied to a primitive');
      return;
    case 'scan':
      scanAll(node, out);
      return;
  }
}

function scanAll(node: JValue, out: JValue[]): void {
  out.push(node);
  if (node instanceof JMap) for (const v of node.map.values()) if (v instanceof JMap || v instanceof JList) scanAll(v, out);
  if (node instanceof JList) for (const v of node.items) if (v instanceof JMap || v instanceof JList) scanAll(v, out);
}

function evalTokens(root: JValue, start: JValue, tokens: Token[]): JValue[] {
  let current: JValue[] = [start];
  let afterScan = false;
  let wildcard: Wildcard = 'none';
  for (const tok of tokens) {
    const next: JValue[] = [];
    const info: StepInfo = { afterScan, wildcard };
    for (const node of current) step(node, tok, root, next, info);
    if (tok.t === 'wild') wildcard = current.some((n) => n instanceof JMap) ? 'map' : 'array';
    if (tok.t === 'scan') wildcard = 'none';
    afterScan = tok.t === 'scan';
    current = next;
  }
  return current;
}

function operandValue(o: Operand, item: JValue, root: JValue): Found {
  if (o.t === 'lit') return o.v;
  if (o.t === 'path') {
    const c = compileTokensDefinite(o.tokens);
    let res: JValue[];
    try {
      res = evalTokens(root, o.root === '@' ? item : root, o.tokens);
    } catch (e) {
      if (e instanceof JsonPathError) return NOT_FOUND;
      throw e;
    }
    if (c) return res.length ? (res[0] ?? null) : NOT_FOUND;
    return new JList(res, 'json');
  }
  return NOT_FOUND;
}

function compileTokensDefinite(tokens: Token[]): boolean {
  return tokens.every((t) => (t.t === 'prop' && t.names.length === 1) || (t.t === 'index' && t.idx.length === 1));
}

function valuesEqual(a: JValue, b: JValue): boolean {
  if (isNumber(a) && isNumber(b)) return toDouble(a) === toDouble(b);
  if (typeof a === 'string' && isNumber(b)) return a === javaToString(b);
  if (a instanceof JList && b instanceof JList) return a.items.length === b.items.length && a.items.every((x, i) => valuesEqual(x, b.items[i] ?? null));
  return a === b;
}

/** Jayway 2.0 relational operators: numeric for two numbers, otherwise the string forms are compared. */
function compare(a: JValue, b: JValue): number | null {
  if (isNumber(a) && isNumber(b)) return toDouble(a) - toDouble(b);
  const scalar = (v: JValue): boolean => typeof v === 'string' || isNumber(v);
  if (!scalar(a) || !scalar(b)) return null;
  const x = javaToString(a);
  const y = javaToString(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function filterMatches(f: FilterExpr, item: JValue, root: JValue): boolean {
  switch (f.t) {
    case 'or':
      return filterMatches(f.l, item, root) || filterMatches(f.r, item, root);
    case 'and':
      return filterMatches(f.l, item, root) && filterMatches(f.r, item, root);
    case 'not':
      return !filterMatches(f.e, item, root);
    case 'exists': {
      const v = operandValue(f.o, item, root);
      return v !== NOT_FOUND && !(v instanceof JList && f.o.t === 'path' && !compileTokensDefinite(f.o.tokens) && v.items.length === 0);
    }
    case 'cmp': {
      const l = operandValue(f.l, item, root);
      if (l === NOT_FOUND) return false;
      if (f.op === '=~') {
        return f.r.t === 'regex' && typeof l === 'string' && guardedTest(f.r.re, l);
      }
      if (f.op === 'in' || f.op === 'nin') {
        const items = f.r.t === 'list' ? f.r.items.map((o) => operandValue(o, item, root)) : [];
        const hit = items.some((x) => x !== NOT_FOUND && valuesEqual(l, x));
        return f.op === 'in' ? hit : !hit;
      }
      if (f.op === 'empty') {
        const want = f.r.t === 'lit' ? f.r.v === true : true;
        const isEmpty = (typeof l === 'string' && l === '') || (l instanceof JList && l.items.length === 0);
        return isEmpty === want;
      }
      let r = operandValue(f.r, item, root);
      if (r === NOT_FOUND) return false;
      // Jayway 2.0 converts a string compared with a number on the left; a non-numeric one fails the whole path.
      if (isNumber(l) && typeof r === 'string' && f.op !== 'size') {
        if (r.trim() === '' || Number.isNaN(Number(r))) throw new JsonPathError(`cannot compare a number with '${r}'`);
        r = new JDouble(Number(r));
      }
      if (f.op === 'size') {
        const n = typeof l === 'string' ? l.length : l instanceof JList ? l.items.length : -1;
        return isNumber(r) && toDouble(r) === n;
      }
      if (f.op === '==') return valuesEqual(l, r);
      if (f.op === '!=') return !valuesEqual(l, r);
      const c = compare(l, r);
      if (c === null || Number.isNaN(c)) return false;
      if (f.op === '<') return c < 0;
      if (f.op === '<=') return c <= 0;
      if (f.op === '>') return c > 0;
      return c >= 0;
    }
  }
}

/**
 * Evaluates a compiled path against a parsed document. Returns `undefined` when a definite path finds nothing
 * (Jayway's PathNotFoundException), the value for a definite path, or a JSON array for an indefinite one.
 */
export function evaluateJsonPath(doc: JValue, path: CompiledPath): JValue | undefined {
  const res = evalTokens(doc, doc, path.tokens);
  if (path.definite) return res.length ? (res[0] ?? null) : undefined;
  return new JList(res, 'json');
}

