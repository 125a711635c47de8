/**
 * Velocity 1.7 template parser, written for this module instead of using velocityjs's grammar: velocityjs rejects
 * `""` quote doubling in string literals, does not gobble whitespace the way 1.7 does (A.6 #22, #25) and its AST
 * loses the information needed for 1.7's lexical rules. The rules reproduced here (A.1.2):
 *   - the newline (and blanks before it) after the `)` of a directive, after `#else` and after `#end` is consumed;
 *   - a `#set` preceded only by blanks since the previous token (or the template start) swallows those blanks;
 *   - `##` comments swallow their newline, `#* *#` comments do not;
 *   - identifiers may contain `-`; `-1` is always one literal token (so `$x -1` is a parse error, as in 1.7);
 *   - string literals have no backslash escapes, a quote is doubled; `"…"` containing `$`/`#` is a template;
 *   - a bare string/number literal as a condition is false (handled by the interpreter from the node type).
 */

export type Expr =
  | { t: 'str'; value: string; parts: Node[] | null; pos: number }
  | { t: 'int'; text: string; pos: number }
  | { t: 'float'; text: string; pos: number }
  | { t: 'bool'; value: boolean; pos: number }
  | { t: 'list'; items: Expr[]; pos: number }
  | { t: 'range'; from: Expr; to: Expr; pos: number }
  | { t: 'map'; entries: [Expr, Expr][]; pos: number }
  | { t: 'ref'; ref: Ref; pos: number }
  | { t: 'bin'; op: BinOp; l: Expr; r: Expr; pos: number; lit: string }
  | { t: 'not'; e: Expr; pos: number };

export type BinOp = '||' | '&&' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%';

export type Accessor =
  | { k: 'prop'; name: string; pos: number }
  | { k: 'method'; name: string; args: Expr[]; pos: number }
  | { k: 'index'; arg: Expr; pos: number };

export type Ref = { root: string; chain: Accessor[]; pos: number; text: string };

export type Node =
  | { t: 'text'; s: string }
  | { t: 'ref'; ref: Ref; escapes: number; pos: number }
  | { t: 'set'; target: Ref; value: Expr; pos: number }
  | { t: 'if'; branches: { cond: Expr; body: Node[] }[]; elseBody: Node[] | null; pos: number }
  | { t: 'foreach'; varName: string; iter: Expr; body: Node[]; pos: number }
  | { t: 'break'; pos: number }
  | { t: 'stop'; pos: number }
  | { t: 'define'; name: string; body: Node[]; pos: number }
  | { t: 'macrocall'; name: string; args: Expr[]; pos: number; literal: string | null }
  | { t: 'evaluate'; arg: Expr; pos: number }
  | { t: 'unsupported'; name: string; pos: number };

export type MacroDef = { name: string; params: string[]; body: Node[]; pos: number };

export type Template = { nodes: Node[]; macros: Map<string, MacroDef> };

/** A syntax error; `pos` is the source offset of the offending construct. */
export class VtlParseError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

const DIRECTIVES = new Set(['set', 'if', 'elseif', 'else', 'end', 'foreach', 'break', 'stop', 'define', 'macro', 'evaluate', 'parse', 'include']);

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 45;
}

function isWordPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const DOLLAR = 36;
const HASH = 35;
const BACKSLASH = 92;

type Terminator = { kind: 'eof' | 'end' | 'else'; pos: number } | { kind: 'elseif'; pos: number; cond: Expr };

const NEWLINE_AFTER = /[ \t]*(?:\r\n|\n|\r)/y;

class Parser {
  i = 0;
  readonly n: number;

  constructor(
    readonly src: string,
    readonly base: number,
    readonly macros: Map<string, MacroDef>,
  ) {
    this.n = src.length;
  }

  err(msg: string, at = this.i): never {
    throw new VtlParseError(msg, this.base + at);
  }

  describeHere(): string {
    if (this.i >= this.n) return 'end of template';
    const m = /^(?:-?[0-9]+(?:\.[0-9]+)?|[A-Za-z_][A-Za-z0-9_]*|\S)/.exec(this.src.slice(this.i, this.i + 40));
    return `"${m ? m[0] : this.src[this.i]}"`;
  }

  /** Parses nodes until EOF or, inside a block, until #end / #else / #elseif. */
  nodes(inBlock: boolean): { nodes: Node[]; term: Terminator } {
    const nodes: Node[] = [];
    let text = '';
    // Start (in `text`) of the run of characters 1.7 lexes as one TEXT token: #set swallows it if it is all blanks.
    let runStart = 0;
    // Offset right after a reference ending in a property or index (see the `##` quirk below), else -1.
    let refmodAt = -1;
    // After such a #set the state survives plain text up to the next line break or token.
    let stickyAt = -1;
    let stickyMod = false;
    // Offset right after any reference not written `${…}` (a #set directly after one keeps 1.7's reference state).
    let refEnd = -1;
    let refIsMod = false;
    const flush = (): void => {
      if (text) nodes.push({ t: 'text', s: text });
      text = '';
      runStart = 0;
    };
    const src = this.src;
    while (this.i < this.n) {
      const c = src.charCodeAt(this.i);
      if (c === DOLLAR) {
        const start = this.i;
        const ref = this.reference(false);
        if (ref) {
          flush();
          nodes.push({ t: 'ref', ref, escapes: 0, pos: this.base + start });
          const last = ref.chain[ref.chain.length - 1];
          stickyAt = -1;
          if (!ref.text.endsWith('}')) {
            refEnd = this.i;
            refIsMod = last !== undefined && last.k !== 'method';
            if (refIsMod) refmodAt = this.i;
            this.loneBrace(() => {
              text += '}';
              runStart = text.length;
            });
          }
          continue;
        }
        if (this.i === this.n - 1 && this.base === 0) this.err('Unexpected end of template after "$"');
        text += '$';
        this.i++;
        // 1.7 lexes `$!` that starts no reference as `$` (the `!` is dropped).
        if (src.charCodeAt(this.i) === 33 && src.charCodeAt(this.i + 1) !== 123) this.i++;
        runStart = text.length;
        continue;
      }
      if (c === BACKSLASH) {
        let j = this.i;
        while (src.charCodeAt(j) === BACKSLASH) j++;
        const count = j - this.i;
        const next = src.charCodeAt(j);
        if (next === DOLLAR) {
          const save = this.i;
          this.i = j;
          const ref = this.reference(false);
          if (ref) {
            flush();
            nodes.push({ t: 'ref', ref, escapes: count, pos: this.base + save });
            if (!ref.text.endsWith('}')) {
              this.loneBrace(() => {
                text += '}';
                runStart = text.length;
              });
            }
            continue;
          }
          this.i = save;
        } else if (next === HASH) {
          const w = this.directiveWord(j);
          if (w && (DIRECTIVES.has(w.name) || this.macros.has(w.name))) {
            // 1.7 quirk: before #set an even run of backslashes is printed unhalved.
            if (w.name === 'set' && count % 2 === 0) {
              text += src.slice(this.i, j);
              flush();
              this.i = j;
              continue;
            }
            if (count % 2 === 1) {
              text += '\\'.repeat((count - 1) / 2) + src.slice(j, w.end);
              this.i = w.end;
              runStart = text.length;
              continue;
            }
            text += '\\'.repeat(count / 2);
            this.i = j;
            continue;
          }
        }
        text += src.slice(this.i, j);
        this.i = j;
        runStart = text.length;
        continue;
      }
      if (c === HASH) {
        const nc = src.charCodeAt(this.i + 1);
        const inRefState = refmodAt === this.i || (stickyAt >= 0 && stickyMod && /^[^\n\r$#\\]*$/.test(src.slice(stickyAt, this.i)));
        if (nc === HASH && inRefState && src.charCodeAt(this.i + 2) !== HASH) {
          // 1.7 lexer quirk: right after `$a.b` / `$a[0]` (not `$a`, `${…}`, a method call), or after #set
          // directives that directly follow one, the lexer is still in its reference state where `##` is text.
          text += '##';
          this.i += 2;
          runStart = text.length;
          continue;
        }
        if (nc === HASH) {
          flush();
          let j = this.i + 2;
          while (j < this.n && src[j] !== '\n' && src[j] !== '\r') j++;
          if (src[j] === '\r' && src[j + 1] === '\n') j += 2;
          else if (j < this.n) j++;
          this.i = j;
          continue;
        }
        if (nc === 42) {
          const end = src.indexOf('*#', this.i + 2);
          // Velocity 1.7 accepts an unclosed block comment that ends in `*`, and rejects any other.
          if (end < 0 && !(src.endsWith('*') && this.n > this.i + 2)) this.err('Unclosed comment #* … *#');
          flush();
          this.i = end < 0 ? this.n : end + 2;
          continue;
        }
        if (nc === 91 && src.charCodeAt(this.i + 2) === 91) {
          const end = src.indexOf(']]#', this.i + 3);
          if (end < 0) this.err('Unclosed #[[ … ]]# block');
          text += src.slice(this.i + 3, end);
          this.i = end + 3;
          runStart = text.length;
          continue;
        }
        const w = this.directiveWord(this.i);
        const isCall = w !== null && !DIRECTIVES.has(w.name) && /^[ \t]*\(/.test(src.slice(w.end, w.end + 20));
        if (w && (DIRECTIVES.has(w.name) || this.macros.has(w.name) || isCall) && !(w.name === 'set' && !/^[ \t]*\(/.test(src.slice(w.end, w.end + 20)))) {
          const pos = this.i;
          const afterRef = w.name === 'set' && refEnd >= 0 && /^[ \t]*$/.test(src.slice(refEnd, pos));
          const inRefmod = afterRef && refIsMod;
          if (w.name === 'set' && /^[ \t]*$/.test(text.slice(runStart))) text = text.slice(0, runStart);
          flush();
          this.i = w.end;
          switch (w.name) {
            case 'end':
            case 'else':
              if (!inBlock) this.err(`#${w.name} without a matching ${w.name === 'else' ? '#if' : '#if, #foreach, #define or #macro'}`, pos);
              this.eatNewline();
              return { nodes, term: { kind: w.name, pos } };
            case 'elseif': {
              if (!inBlock) this.err('#elseif without a matching #if', pos);
              const cond = this.parenExpr('#elseif');
              return { nodes, term: { kind: 'elseif', pos, cond } };
            }
            default:
              nodes.push(this.directive(w.name, pos));
          }
          if (afterRef) {
            if (inRefmod) refmodAt = this.i;
            refEnd = this.i;
            stickyAt = this.i;
            stickyMod = inRefmod;
          } else stickyAt = -1;
          continue;
        }
        if (this.i === this.n - 1 && this.base === 0) this.err('Unexpected end of template after "#"');
        text += '#';
        this.i++;
        runStart = text.length;
        continue;
      }
      let j = this.i + 1;
      while (j < this.n) {
        const d = src.charCodeAt(j);
        if (d === DOLLAR || d === HASH || d === BACKSLASH) break;
        j++;
      }
      if (stickyAt >= 0) {
        if (/^[^\n\r$#\\]*$/.test(src.slice(stickyAt, this.i))) {
          // Still in the reference state (see above): a `[` before the next line break opens an index and fails.
          const m = /^[^\n\r[]*\[/.exec(src.slice(this.i, j));
          if (m) this.err('Unexpected "[" (Velocity 1.7 reads it as an index of the reference before the #set)', this.i + m[0].length - 1);
        }
        if (/[\n\r]/.test(src.slice(this.i, j))) stickyAt = -1;
      }
      text += src.slice(this.i, j);
      this.i = j;
    }
    flush();
    return { nodes, term: { kind: 'eof', pos: this.n } };
  }

  /** 1.7 lexes a `}` right after a reference as a token of its own, so blanks after it can belong to a #set. */
  loneBrace(emit: () => void): void {
    if (this.src.charCodeAt(this.i) === 125) {
      this.i++;
      emit();
    }
  }

  eatNewline(): void {
    NEWLINE_AFTER.lastIndex = this.i;
    const m = NEWLINE_AFTER.exec(this.src);
    if (m) this.i += m[0].length;
  }

  directiveWord(at: number): { name: string; end: number } | null {
    let j = at + 1;
    const formal = this.src.charCodeAt(j) === 123;
    if (formal) j++;
    const start = j;
    if (!isIdentStart(this.src.charCodeAt(j))) return null;
    while (isWordPart(this.src.charCodeAt(j))) j++;
    const name = this.src.slice(start, j);
    if (formal) {
      if (this.src.charCodeAt(j) !== 125) return null;
      j++;
    }
    return { name, end: j };
  }

  block(what: string, pos: number): Node[] {
    const { nodes, term } = this.nodes(true);
    if (term.kind === 'eof') this.err(`Unclosed ${what} starting at ${this.describePos(pos)}`, pos);
    if (term.kind !== 'end') this.err(`#${term.kind} is not allowed inside ${what}`, term.pos);
    return nodes;
  }

  describePos(pos: number): string {
    const before = this.src.slice(0, pos);
    const line = before.split(/\r\n|\n|\r/).length;
    const col = pos - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
    return this.base === 0 ? `line ${line}, column ${col}` : 'this string literal';
  }

  openParen(what: string): void {
    while (this.src[this.i] === ' ' || this.src[this.i] === '\t') this.i++;
    if (this.src[this.i] !== '(') this.err(`${what} must be followed by "(", found ${this.describeHere()}`);
    this.i++;
  }

  closeParen(what: string): void {
    this.ws();
    if (this.src[this.i] !== ')') this.err(`Expected ")" to close ${what}, found ${this.describeHere()}`);
    this.i++;
    this.eatNewline();
  }

  parenExpr(what: string): Expr {
    this.openParen(what);
    this.ws();
    const e = this.expr();
    this.closeParen(what);
    return e;
  }

  directive(name: string, pos: number): Node {
    switch (name) {
      case 'set': {
        this.openParen('#set');
        this.ws();
        if (this.src.charCodeAt(this.i) !== DOLLAR) this.err(`#set must start with a reference, found ${this.describeHere()}`);
        const target = this.reference(true);
        if (!target) this.err('Invalid reference in #set');
        this.ws();
        if (this.src[this.i] !== '=' || this.src[this.i + 1] === '=') this.err(`Expected "=" in #set, found ${this.describeHere()}`);
        this.i++;
        this.ws();
        const value = this.expr();
        this.closeParen('#set');
        return { t: 'set', target, value, pos: this.base + pos };
      }
      case 'if': {
        const branches: { cond: Expr; body: Node[] }[] = [];
        let cond = this.parenExpr('#if');
        let elseBody: Node[] | null = null;
        for (;;) {
          const { nodes, term } = this.nodes(true);
          if (term.kind === 'eof') this.err(`Unclosed #if starting at ${this.describePos(pos)}`, pos);
          branches.push({ cond, body: nodes });
          if (term.kind === 'end') break;
          if (term.kind === 'elseif') {
            cond = term.cond;
            continue;
          }
          elseBody = this.block('#else', term.pos);
          break;
        }
        return { t: 'if', branches, elseBody, pos: this.base + pos };
      }
      case 'foreach': {
        this.openParen('#foreach');
        this.ws();
        if (this.src.charCodeAt(this.i) !== DOLLAR) this.err(`#foreach needs a loop variable, found ${this.describeHere()}`);
        const v = this.reference(true);
        if (!v || v.chain.length) this.err('The #foreach loop variable must be a simple reference like $item');
        this.ws();
        if (!/^in\b/.test(this.src.slice(this.i, this.i + 3))) this.err(`Expected "in" in #foreach, found ${this.describeHere()}`);
        this.i += 2;
        this.ws();
        const iter = this.expr();
        this.closeParen('#foreach');
        const body = this.block('#foreach', pos);
        return { t: 'foreach', varName: v.root, iter, body, pos: this.base + pos };
      }
      case 'break':
        return { t: 'break', pos: this.base + pos };
      case 'stop':
        return { t: 'stop', pos: this.base + pos };
      case 'define': {
        this.openParen('#define');
        this.ws();
        const v = this.src.charCodeAt(this.i) === DOLLAR ? this.reference(true) : null;
        if (!v || v.chain.length) this.err('#define needs a reference name like $block');
        this.closeParen('#define');
        const body = this.block('#define', pos);
        return { t: 'define', name: v.root, body, pos: this.base + pos };
      }
      case 'macro': {
        this.openParen('#macro');
        this.ws();
        const start = this.i;
        while (isWordPart(this.src.charCodeAt(this.i)) || this.src.charCodeAt(this.i) === 45) this.i++;
        const mname = this.src.slice(start, this.i);
        if (!mname) this.err('#macro needs a name');
        const params: string[] = [];
        for (;;) {
          this.ws();
          if (this.src[this.i] === ',') {
            this.i++;
            continue;
          }
          if (this.src.charCodeAt(this.i) !== DOLLAR) break;
          const p = this.reference(true);
          if (!p || p.chain.length) this.err('Macro parameters must be simple references');
          params.push(p.root);
        }
        this.closeParen('#macro');
        const def: MacroDef = { name: mname, params, body: [], pos: this.base + pos };
        // Velocity 1.7 keeps the first definition of a macro name.
        const first = !this.macros.has(mname);
        if (first) this.macros.set(mname, def);
        def.body = this.block('#macro', pos);
        return { t: 'text', s: '' };
      }
      case 'evaluate': {
        const arg = this.parenExpr('#evaluate');
        if (arg.t !== 'str' && arg.t !== 'ref') this.err('#evaluate() argument must be a string literal or reference', pos);
        return { t: 'evaluate', arg, pos: this.base + pos };
      }
      case 'parse':
      case 'include': {
        this.parenExpr(`#${name}`);
        return { t: 'unsupported', name, pos: this.base + pos };
      }
      default: {
        // A macro call. `#name(…)` of a name not (yet) defined is kept with its source text: 1.7 looks macros up
        // when rendering and prints the text when there is none.
        const known = this.macros.has(name);
        let j = this.i;
        while (this.src[j] === ' ' || this.src[j] === '\t') j++;
        const args: Expr[] = [];
        if (this.src[j] === '(') {
          this.i = j + 1;
          for (;;) {
            this.ws();
            if (this.src[this.i] === ')') break;
            if (this.src[this.i] === ',') {
              this.i++;
              continue;
            }
            if (this.i >= this.n) this.err(`Unclosed call of macro #${name}`, pos);
            const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.i, this.i + 100));
            if (word && word[0] !== 'true' && word[0] !== 'false') {
              args.push({ t: 'str', value: word[0], parts: null, pos: this.base + this.i });
              this.i += word[0].length;
            } else args.push(this.parameter());
          }
          if (known) this.closeParen(`#${name}(…)`);
          else this.i++;
        }
        return { t: 'macrocall', name, args, pos: this.base + pos, literal: known ? null : this.src.slice(pos, this.i) };
      }
    }
  }

  ws(): void {
    for (;;) {
      const c = this.src[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else return;
    }
  }

  /**
   * Parses a reference at `$` (with `$!`, `${…}`). Returns null when the text is not a reference (`$5`, `$.x`);
   * when `strict` the caller requires one.
   */
  reference(strict: boolean): Ref | null {
    const src = this.src;
    const start = this.i;
    let j = this.i + 1;
    if (src.charCodeAt(j) === 33) j++;
    const formal = src.charCodeAt(j) === 123;
    if (formal) j++;
    if (!isIdentStart(src.charCodeAt(j))) {
      if (strict) this.err(`Invalid reference ${this.describeHere()}`);
      return null;
    }
    const rs = j;
    while (isIdentPart(src.charCodeAt(j))) j++;
    const root = src.slice(rs, j);
    const chain: Accessor[] = [];
    this.i = j;
    for (;;) {
      const c = src.charCodeAt(this.i);
      if (c === 46 && isIdentStart(src.charCodeAt(this.i + 1))) {
        const ns = this.i + 1;
        let k = ns;
        while (isIdentPart(src.charCodeAt(k))) k++;
        const name = src.slice(ns, k);
        this.i = k;
        if (src.charCodeAt(k) === 40) {
          this.i = k + 1;
          const args: Expr[] = [];
          this.ws();
          if (src[this.i] !== ')') {
            for (;;) {
              this.ws();
              if (this.i >= this.n) this.err(`Unclosed call of ${name}( starting at ${this.describePos(ns)}`, ns);
              args.push(this.parameter());
              this.ws();
              if (src[this.i] === ',') {
                this.i++;
                continue;
              }
              if (src[this.i] === ')') break;
              if (this.i >= this.n) this.err(`Unclosed call of ${name}( starting at ${this.describePos(ns)}`, ns);
              this.err(`Expected "," or ")" in the call of ${name}(), found ${this.describeHere()}`);
            }
          }
          this.i++;
          chain.push({ k: 'method', name, args, pos: this.base + ns });
        } else chain.push({ k: 'prop', name, pos: this.base + ns });
        continue;
      }
      if (c === 91) {
        const at = this.i;
        this.i++;
        this.ws();
        const arg = this.parameter();
        this.ws();
        if (src[this.i] !== ']') this.err(`Expected "]" to close the index, found ${this.describeHere()}`);
        this.i++;
        chain.push({ k: 'index', arg, pos: this.base + at });
        continue;
      }
      break;
    }
    if (formal) {
      if (src.charCodeAt(this.i) !== 125) this.err(`Expected "}" to close \${${root}…}, found ${this.describeHere()}`);
      this.i++;
    }
    return { root, chain, pos: this.base + start, text: src.slice(start, this.i) };
  }

  /**
   * A binary node. `lit` is what Velocity 1.7 prints for the node when it is null inside a string concatenation: the
   * source from just after the operator to the next token (JJTree opens the node after the operator).
   */
  bin(op: BinOp, l: Expr, right: () => Expr, pos: number): Expr {
    const start = this.i;
    const r = right();
    const save = this.i;
    this.ws();
    const lit = this.src.slice(start, this.i);
    this.i = save;
    return { t: 'bin', op, l, r, pos, lit };
  }

  word(w: string): boolean {
    if (this.src.startsWith(w, this.i) && !isIdentPart(this.src.charCodeAt(this.i + w.length))) {
      this.i += w.length;
      return true;
    }
    return false;
  }

  expr(): Expr {
    return this.or();
  }

  or(): Expr {
    let l = this.and();
    for (;;) {
      this.ws();
      const pos = this.base + this.i;
      if (this.src.startsWith('||', this.i)) this.i += 2;
      else if (!this.word('or')) return l;
      l = this.bin('||', l, () => this.and(), pos);
    }
  }

  and(): Expr {
    let l = this.eq();
    for (;;) {
      this.ws();
      const pos = this.base + this.i;
      if (this.src.startsWith('&&', this.i)) this.i += 2;
      else if (!this.word('and')) return l;
      l = this.bin('&&', l, () => this.eq(), pos);
    }
  }

  eq(): Expr {
    let l = this.rel();
    for (;;) {
      this.ws();
      const pos = this.base + this.i;
      let op: BinOp;
      if (this.src.startsWith('==', this.i)) {
        this.i += 2;
        op = '==';
      } else if (this.src.startsWith('!=', this.i)) {
        this.i += 2;
        op = '!=';
      } else if (this.word('eq')) op = '==';
      else if (this.word('ne')) op = '!=';
      else return l;
      l = this.bin(op, l, () => this.rel(), pos);
    }
  }

  rel(): Expr {
    let l = this.add();
    for (;;) {
      this.ws();
      const pos = this.base + this.i;
      let op: BinOp;
      if (this.src.startsWith('<=', this.i)) {
        this.i += 2;
        op = '<=';
      } else if (this.src.startsWith('>=', this.i)) {
        this.i += 2;
        op = '>=';
      } else if (this.src[this.i] === '<') {
        this.i++;
        op = '<';
      } else if (this.src[this.i] === '>') {
        this.i++;
        op = '>';
      } else if (this.word('lt')) op = '<';
      else if (this.word('gt')) op = '>';
      else if (this.word('le')) op = '<=';
      else if (this.word('ge')) op = '>=';
      else return l;
      l = this.bin(op, l, () => this.add(), pos);
    }
  }

  add(): Expr {
    let l = this.mul();
    for (;;) {
      this.ws();
      const pos = this.base + this.i;
      const c = this.src[this.i];
      if (c === '+' || (c === '-' && !isDigit(this.src.charCodeAt(this.i + 1)) && !(this.src[this.i + 1] === '.' && isDigit(this.src.charCodeAt(this.i + 2))))) {
        this.i++;
        l = this.bin(c, l, () => this.mul(), pos);
      } else return l;
    }
  }

  mul(): Expr {
    let l = this.unary();
    for (;;) {
      this.ws();
      const pos = this.base + this.i;
      const c = this.src[this.i];
      if (c === '*' || c === '/' || c === '%') {
        this.i++;
        l = this.bin(c, l, () => this.unary(), pos);
      } else return l;
    }
  }

  unary(): Expr {
    this.ws();
    const pos = this.base + this.i;
    if (this.src[this.i] === '!' && this.src[this.i + 1] !== '=') {
      this.i++;
      return { t: 'not', e: this.unary(), pos };
    }
    if (this.word('not')) return { t: 'not', e: this.unary(), pos };
    if (this.src[this.i] === '(') {
      this.i++;
      this.ws();
      const e = this.expr();
      this.ws();
      if (this.src[this.i] !== ')') this.err(`Expected ")", found ${this.describeHere()}`);
      this.i++;
      return e;
    }
    return this.parameter();
  }

  /** Velocity's Parameter: literal, reference, list, range or map (no operators). */
  parameter(): Expr {
    const src = this.src;
    const pos = this.base + this.i;
    const c = src[this.i];
    if (c === '$') {
      const ref = this.reference(true);
      if (!ref) this.err(`Invalid reference ${this.describeHere()}`);
      return { t: 'ref', ref, pos };
    }
    if (c === '"' || c === "'") return this.stringLiteral(c);
    if (c === '[') {
      this.i++;
      this.ws();
      if (src[this.i] === ']') {
        this.i++;
        return { t: 'list', items: [], pos };
      }
      const first = this.parameter();
      this.ws();
      if (src.startsWith('..', this.i)) {
        if (first.t !== 'int' && first.t !== 'ref') this.err('Unexpected ".." (a range needs integer literals or references)');
        this.i += 2;
        this.ws();
        const to = this.parameter();
        if (to.t !== 'int' && to.t !== 'ref') this.err('A range needs integer literals or references', to.pos - this.base);
        this.ws();
        if (src[this.i] !== ']') this.err(`Expected "]" to close the range, found ${this.describeHere()}`);
        this.i++;
        return { t: 'range', from: first, to, pos };
      }
      const items = [first];
      for (;;) {
        this.ws();
        if (src[this.i] === ']') {
          this.i++;
          return { t: 'list', items, pos };
        }
        if (src[this.i] !== ',') this.err(`Expected "," or "]" in the list, found ${this.describeHere()}`);
        this.i++;
        this.ws();
        items.push(this.parameter());
      }
    }
    if (c === '{') {
      this.i++;
      const entries: [Expr, Expr][] = [];
      for (;;) {
        this.ws();
        if (src[this.i] === '}') {
          this.i++;
          return { t: 'map', entries, pos };
        }
        if (entries.length) {
          if (src[this.i] !== ',') this.err(`Expected "," or "}" in the map, found ${this.describeHere()}`);
          this.i++;
          this.ws();
        }
        const k = this.parameter();
        this.ws();
        if (src[this.i] !== ':') this.err(`Expected ":" in the map, found ${this.describeHere()}`);
        this.i++;
        this.ws();
        entries.push([k, this.parameter()]);
      }
    }
    // 1.7 float literals: `1.5`, `1.` (unless a range `1..`), `.5`, `1e3`; `-` directly before a digit is part of the literal.
    const num = /-?(?:[0-9]+(\.(?!\.)[0-9]*)?|(\.[0-9]+))([eE][+-]?[0-9]+)?/y;
    num.lastIndex = this.i;
    const m = num.exec(src);
    if (m && m[0] !== '-') {
      this.i += m[0].length;
      return m[1] || m[2] || m[3] ? { t: 'float', text: m[0], pos } : { t: 'int', text: m[0], pos };
    }
    if (this.word('true')) return { t: 'bool', value: true, pos };
    if (this.word('false')) return { t: 'bool', value: false, pos };
    this.err(`Unexpected ${this.describeHere()}`);
  }

  stringLiteral(q: string): Expr {
    const pos = this.i;
    let j = this.i + 1;
    let value = '';
    for (;;) {
      if (j >= this.n) this.err(`Unclosed string literal starting at ${this.describePos(pos)}`, pos);
      const ch = this.src[j];
      if (ch === q) {
        if (this.src[j + 1] === q) {
          value += q;
          j += 2;
          continue;
        }
        break;
      }
      value += ch;
      j++;
    }
    this.i = j + 1;
    let parts: Node[] | null = null;
    if (q === '"' && (value.includes('$') || value.includes('#'))) {
      const sub = new Parser(value, this.base + pos + 1, this.macros);
      parts = sub.nodes(false).nodes;
    }
    return { t: 'str', value, parts, pos: this.base + pos };
  }
}

/** Parses a template; throws VtlParseError (with a source offset) on a syntax error. */
export function parseTemplate(src: string, macros: Map<string, MacroDef> = new Map()): Template {
  const p = new Parser(src, 0, macros);
  const { nodes } = p.nodes(false);
  return { nodes, macros };
}

/** 1-based line and column of a source offset. */
export function lineColumn(src: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(pos, src.length);
  for (let k = 0; k < end; k++) {
    const c = src.charCodeAt(k);
    if (c === 10 || (c === 13 && src.charCodeAt(k + 1) !== 10)) {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: pos - lineStart + 1 };
}
