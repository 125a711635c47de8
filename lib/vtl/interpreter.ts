/**
 * Velocity 1.7 interpreter with API Gateway's deviations (A.1.1): null renders as "", null == "" is true, `#set`
 * with a null value keeps the old one, and `#foreach` is capped at 1,000 iterations. Values are the Java-like model
 * of ./values; every member a template can reach is listed in ./members and its method tables — nothing is looked up
 * dynamically on JavaScript objects.
 */
import { parseTemplate, VtlParseError, type Accessor, type Expr, type MacroDef, type Node, type Ref, type Template } from './parser';
import { JDouble, JList, JMap, VtlLimitError, VtlRuntimeError, assertStringFits, isNumber, javaToString, makeInt, toDouble, type JValue } from './values';
import { checkDeadline, tick } from './budget';
import { asInt, NOT_FOUND, checkIndex, mapKey } from './call';
import { math, compareNumbers, vtlEquals } from './arithmetic';
import { type InputObject, UtilObject } from './bindings';
import { ForeachScope, DefineBlock, getIndex, getProperty, callMethod } from './members';

/** API Gateway's documented #foreach limit (A.1, limits.md). */
export const FOREACH_LIMIT = 1000;
/** Safety budgets for server-side rendering of user templates (not AWS limits). */
const MAX_TOTAL_ITERATIONS = 1_000_000;
const MAX_MACRO_DEPTH = 20;
const MAX_RANGE = 1_000_000;
const LONG_STRING = 4096;

class BreakSignal {}
class StopSignal {}

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
        if (acc.k === 'prop') v = getProperty(v, acc.name);
        else if (acc.k === 'index') v = getIndex(v, this.eval(acc.arg));
        else {
          const args = acc.args.map((a) => this.eval(a));
          const r = callMethod(v, acc.name, args);
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
}

function literalText(e: Expr): string {
  if (e.t === 'ref') return e.ref.text;
  return e.t === 'bin' ? e.lit : '';
}
