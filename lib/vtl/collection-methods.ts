/** The java.util List, Map and Map.Entry methods a template may call. */
import { JEntry, JList, JMap, VtlLimitError, VtlRuntimeError, javaEquals, javaToString, makeInt, type JValue } from './values';
import { asInt, NOT_FOUND, checkIndex, mapKey, type CallResult } from './call';

/** `$l.addAll($l)` doubles a list: without a cap a short loop exhausts memory. */
const MAX_LIST_ITEMS = 1_000_000;

function assertListFits(n: number): void {
  if (n > MAX_LIST_ITEMS) throw new VtlLimitError(`The template built a list of more than ${MAX_LIST_ITEMS} items`);
}

export function listMethod(l: JList, name: string, args: JValue[]): CallResult {
  const [a, b] = args;
  const mutate = (): void => {
    if (l.kind === 'array') throw new VtlRuntimeError('UnsupportedOperationException');
    l.modCount++;
  };
  switch (name) {
    case 'size': return args.length === 0 ? makeInt(BigInt(l.items.length)) : NOT_FOUND;
    case 'isEmpty': return args.length === 0 ? l.items.length === 0 : NOT_FOUND;
    case 'toString': return args.length === 0 ? javaToString(l) : NOT_FOUND;
    case 'clear':
      if (args.length) return NOT_FOUND;
      mutate();
      l.items = [];
      return null;
    case 'get': {
      const i = asInt(a);
      if (args.length !== 1 || i === null) return NOT_FOUND;
      checkIndex(i, l.items.length);
      return l.items[i] ?? null;
    }
    case 'contains': return args.length === 1 ? l.items.some((x) => javaEquals(x, a ?? null)) : NOT_FOUND;
    case 'indexOf': return args.length === 1 ? makeInt(BigInt(l.items.findIndex((x) => javaEquals(x, a ?? null)))) : NOT_FOUND;
    case 'lastIndexOf': return args.length === 1 ? makeInt(BigInt(l.items.findLastIndex((x) => javaEquals(x, a ?? null)))) : NOT_FOUND;
    case 'equals': return args.length === 1 ? javaEquals(l, a ?? null) : NOT_FOUND;
    case 'containsAll': return args.length === 1 && a instanceof JList ? a.items.every((y) => l.items.some((x) => javaEquals(x, y))) : NOT_FOUND;
    case 'add':
      if (args.length === 1) {
        mutate();
        assertListFits(l.items.length + 1);
        l.items.push(a ?? null);
        return true;
      }
      if (args.length === 2 && asInt(a) !== null) {
        const i = asInt(a) ?? 0;
        if (i < 0 || i > l.items.length) throw new VtlRuntimeError(`Index: ${i}, Size: ${l.items.length}`);
        mutate();
        assertListFits(l.items.length + 1);
        l.items.splice(i, 0, b ?? null);
        return null;
      }
      return NOT_FOUND;
    case 'addAll':
      if (args.length === 1 && a instanceof JList) {
        mutate();
        assertListFits(l.items.length + a.items.length);
        // Index loop over the length at the start: `$l.addAll($l)` appends to the list it reads (no spread either:
        // it overflows the call stack on a long list).
        for (let k = 0, n = a.items.length; k < n; k++) l.items.push(a.items[k] ?? null);
        return a.items.length > 0;
      }
      return NOT_FOUND;
    case 'set': {
      const i = asInt(a);
      if (args.length !== 2 || i === null) return NOT_FOUND;
      checkIndex(i, l.items.length);
      const prev = l.items[i] ?? null;
      l.items[i] = b ?? null;
      return prev;
    }
    case 'remove': {
      if (args.length !== 1) return NOT_FOUND;
      const i = asInt(a);
      if (i !== null) {
        checkIndex(i, l.items.length);
        mutate();
        return l.items.splice(i, 1)[0] ?? null;
      }
      const at = l.items.findIndex((x) => javaEquals(x, a ?? null));
      if (at < 0) return false;
      mutate();
      l.items.splice(at, 1);
      return true;
    }
    case 'subList': {
      const i = asInt(a);
      const j = asInt(b);
      if (args.length !== 2 || i === null || j === null) return NOT_FOUND;
      if (i < 0 || j > l.items.length || i > j) throw new VtlRuntimeError(`subList(${i}, ${j}) out of range`);
      return new JList(l.items.slice(i, j));
    }
  }
  return NOT_FOUND;
}

export function mapMethod(m: JMap, name: string, args: JValue[]): CallResult {
  const [a, b] = args;
  switch (args.length) {
    case 0:
      switch (name) {
        case 'size': return makeInt(BigInt(m.map.size));
        case 'isEmpty': return m.map.size === 0;
        case 'keySet': return new JList([...m.map.keys()]);
        case 'values': return new JList([...m.map.values()]);
        case 'entrySet': return new JList([...m.map.keys()].map((k) => new JEntry(m, k)));
        case 'toString': return javaToString(m);
        case 'clear': m.map.clear(); return null;
      }
      return NOT_FOUND;
    case 1:
      switch (name) {
        case 'get': return m.map.get(mapKey(a ?? null)) ?? null;
        case 'containsKey': return m.map.has(mapKey(a ?? null));
        case 'containsValue': return [...m.map.values()].some((x) => javaEquals(x, a ?? null));
        case 'remove': {
          const k = mapKey(a ?? null);
          const prev = m.map.get(k) ?? null;
          m.map.delete(k);
          return prev;
        }
        case 'equals': return javaEquals(m, a ?? null);
        case 'putAll':
          if (!(a instanceof JMap)) return NOT_FOUND;
          for (const [k, v] of a.map) m.map.set(k, v);
          return null;
      }
      return NOT_FOUND;
    case 2:
      switch (name) {
        case 'put': {
          const k = mapKey(a ?? null);
          const prev = m.map.get(k) ?? null;
          m.map.set(k, b ?? null);
          return prev;
        }
        case 'getOrDefault': {
          const k = mapKey(a ?? null);
          return m.map.has(k) ? (m.map.get(k) ?? null) : (b ?? null);
        }
        case 'replace': {
          const k = mapKey(a ?? null);
          if (!m.map.has(k)) return null;
          const prev = m.map.get(k) ?? null;
          m.map.set(k, b ?? null);
          return prev;
        }
        case 'putIfAbsent': {
          const k = mapKey(a ?? null);
          const prev = m.map.get(k) ?? null;
          if (prev === null) m.map.set(k, b ?? null);
          return prev;
        }
      }
  }
  return NOT_FOUND;
}

export function entryMethod(e: JEntry, name: string, args: JValue[]): CallResult {
  if (args.length === 0) {
    if (name === 'getKey') return e.key;
    if (name === 'getValue') return e.value;
    if (name === 'toString') return javaToString(e);
  }
  if (name === 'setValue' && args.length === 1) {
    const prev = e.value;
    e.owner.map.set(e.key, args[0] ?? null);
    return prev;
  }
  return NOT_FOUND;
}
