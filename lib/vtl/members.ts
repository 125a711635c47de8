/**
 * Member access on template values: `$x.name`, `$x[i]` and `$x.m(...)`. Every member a template can reach is listed
 * here and in the *-methods tables — nothing is looked up dynamically on JavaScript objects.
 */
import { type Node } from './parser';
import { HostObject, JBigDecimal, JChar, JDouble, JEntry, JInt, JList, JMap, assertStringFits, isNumber, makeInt, type JValue } from './values';
import { asInt, NOT_FOUND, checkIndex, mapKey, type CallResult } from './call';
import { stringMethod } from './string-methods';
import { listMethod, mapMethod, entryMethod } from './collection-methods';
import { numberMethod, charMethod } from './scalar-methods';
import { InputObject, UtilObject, utilMethod, inputMethod } from './bindings';

export class ForeachScope extends HostObject {
  readonly hostName = 'foreach';
  index = 0;
  hasNext = false;
  constructor(readonly parent: ForeachScope | null) {
    super();
  }
}

export class DefineBlock extends HostObject {
  readonly hostName = 'define';
  constructor(
    readonly body: Node[],
    readonly renderer: { renderToString(nodes: Node[], isScope: boolean): string },
  ) {
    super();
  }
  override toJavaString(): string {
    return this.renderer.renderToString(this.body, true);
  }
}

/** `$x.class` / `$x.getClass()`: only the name is exposed (no reflection). */
export class JavaClass extends HostObject {
  readonly hostName = 'class';
  constructor(readonly name: string) {
    super();
  }
  override toJavaString(): string {
    return `class ${this.name}`;
  }
}

export function javaClassOf(v: JValue): JavaClass | null {
  let name: string | null = null;
  if (typeof v === 'string') name = 'java.lang.String';
  else if (typeof v === 'boolean') name = 'java.lang.Boolean';
  else if (v instanceof JInt) name = v.kind === 'BigInteger' ? 'java.math.BigInteger' : `java.lang.${v.kind}`;
  else if (v instanceof JDouble) name = 'java.lang.Double';
  else if (v instanceof JBigDecimal) name = 'java.math.BigDecimal';
  else if (v instanceof JChar) name = 'java.lang.Character';
  else if (v instanceof JList) name = v.kind === 'json' ? 'net.minidev.json.JSONArray' : v.kind === 'array' ? '[Ljava.lang.String;' : 'java.util.ArrayList';
  else if (v instanceof JMap) name = 'java.util.LinkedHashMap';
  else if (v instanceof JEntry) name = 'java.util.LinkedHashMap$Entry';
  return name === null ? null : new JavaClass(name);
}

const FOREACH_METHODS = new Set(['getIndex', 'getCount', 'hasNext', 'getHasNext', 'isFirst', 'getFirst', 'isLast', 'getLast', 'getParent']);

export function getIndex(v: JValue, idx: JValue): JValue {
  if (v instanceof JList) {
    const i = asInt(idx);
    if (i === null) return null;
    checkIndex(i, v.items.length);
    return v.items[i] ?? null;
  }
  if (v instanceof JMap) return v.map.get(mapKey(idx)) ?? null;
  return null;
}

export function getProperty(v: JValue, name: string): JValue {
  // Velocity tries getters before Map.get, so `$map.class` is the class even when the map has a "class" key.
  if (name === 'class') return javaClassOf(v);
  if (v instanceof JMap) return v.map.get(name) ?? null;
  if (v instanceof JavaClass) return name === 'name' ? v.name : name === 'simpleName' ? v.name.replace(/^.*[.$]/, '') : null;
  if (typeof v === 'string') return name === 'empty' ? v.length === 0 : null;
  if (v instanceof JList) return name === 'empty' ? v.items.length === 0 : null;
  if (v instanceof JEntry) return name === 'key' ? v.key : name === 'value' ? v.value : null;
  if (v instanceof InputObject) return name === 'body' ? v.body : null;
  if (v instanceof ForeachScope) return foreachMember(v, name);
  return null;
}

export function foreachMember(s: ForeachScope, name: string): JValue {
  switch (name) {
    case 'index': case 'getIndex': return makeInt(BigInt(s.index));
    case 'count': case 'getCount': return makeInt(BigInt(s.index + 1));
    case 'hasNext': case 'getHasNext': return s.hasNext;
    case 'first': case 'isFirst': case 'getFirst': return s.index === 0;
    case 'last': case 'isLast': case 'getLast': return !s.hasNext;
    case 'parent': case 'getParent': return s.parent;
  }
  return null;
}

export function callMethod(v: JValue, name: string, args: JValue[]): CallResult {
  if (name === 'getClass' && args.length === 0) return javaClassOf(v) ?? NOT_FOUND;
  if (v instanceof JavaClass) {
    if (args.length) return NOT_FOUND;
    if (name === 'getName') return v.name;
    if (name === 'getSimpleName') return v.name.replace(/^.*[.$]/, '');
    return name === 'toString' ? v.toJavaString() : NOT_FOUND;
  }
  if (typeof v === 'string') {
    const r = stringMethod(v, name, args);
    if (typeof r === 'string') assertStringFits(r.length);
    return r;
  }
  if (v instanceof JList) return listMethod(v, name, args);
  if (v instanceof JMap) return mapMethod(v, name, args);
  if (isNumber(v)) return numberMethod(v, name, args);
  if (typeof v === 'boolean') {
    if (args.length === 0 && (name === 'toString' || name === 'booleanValue')) return name === 'toString' ? String(v) : v;
    if (args.length === 0 && name === 'hashCode') return makeInt(v ? 1231n : 1237n);
    if (name === 'equals' && args.length === 1) return args[0] === v;
    return NOT_FOUND;
  }
  if (v instanceof JEntry) return entryMethod(v, name, args);
  if (v instanceof JChar) return charMethod(v, name, args);
  if (v instanceof UtilObject) return utilMethod(name, args);
  if (v instanceof InputObject) return inputMethod(v, name, args);
  if (v instanceof ForeachScope) return args.length === 0 && FOREACH_METHODS.has(name) ? foreachMember(v, name) : NOT_FOUND;
  if (v instanceof DefineBlock && name === 'toString' && args.length === 0) return v.toJavaString();
  return NOT_FOUND;
}
