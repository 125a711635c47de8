/*
 * Names in requests (headers, query parameters, path parameters, stage variables) are chosen by whoever sends or
 * configures them, so they may be `constructor`, `__proto__` or `toString`. A plain `{}` answers a lookup of those with
 * an inherited member and drops an assignment to `__proto__`; these records have no prototype and lookups read own
 * properties only.
 */

/** An empty record without a prototype: every key, `__proto__` included, is an ordinary own property. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `record[key]` when `key` is the record's own property, else undefined (never an inherited member). */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Ordered name/value pairs grouped by name (repeated headers or query parameters become lists), prototype-free. */
export function groupPairs(pairs: Iterable<readonly [string, string]>): Record<string, string[]> {
  const out = emptyRecord<string[]>();
  for (const [k, v] of pairs) {
    const list = own(out, k);
    if (list) list.push(v);
    else out[k] = [v];
  }
  return out;
}
