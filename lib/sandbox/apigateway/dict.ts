import 'server-only';
import { emptyRecord, groupPairs, own } from '@/lib/records';

/*
 * Id-keyed maps of the API Gateway model (resources, methods, status codes, validators, models, …) are plain JSON
 * objects because they are stored and answered as JSON. Every one is prototype-free (lib/records) and read through
 * own-property lookups, so an id such as `constructor` or `__proto__` names nothing instead of an inherited member.
 */

export { groupPairs, own };

export type Dict<T> = Record<string, T>;

/** A prototype-free copy of `entries` (an own `__proto__` key stays a plain key). */
export function dict<T>(entries: Iterable<readonly [string, T]> | Dict<T> = []): Dict<T> {
  const out = emptyRecord<T>();
  const pairs = Symbol.iterator in entries ? (entries as Iterable<readonly [string, T]>) : Object.entries(entries);
  for (const [k, v] of pairs) out[k] = v;
  return out;
}

export function withEntry<T>(map: Dict<T> | undefined, key: string, value: T): Dict<T> {
  const out = dict(Object.entries(map ?? {}));
  out[key] = value;
  return out;
}

export function withoutEntry<T>(map: Dict<T> | undefined, key: string): Dict<T> {
  return dict(Object.entries(map ?? {}).filter(([k]) => k !== key));
}

/** JSON.parse whose objects are all prototype-free (see above). */
export function parseJsonDict<T>(text: string): T {
  return JSON.parse(text, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? dict(Object.entries(value)) : value,
  ) as T;
}

/** A stored map without its `null` members (a null template or mapping is none, as on AWS). */
export function present<T>(map: Record<string, T | null> | null | undefined): Dict<T> | undefined {
  if (map === null || map === undefined) return undefined;
  return dict(Object.entries(map).filter((e): e is [string, T] => e[1] !== null));
}
