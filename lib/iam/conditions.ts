import type { ConditionEntry } from './policy';
import { arnMatches, globMatch } from './wildcard';

export type RequestContext = Record<string, string[]>;

export type ConditionOutcome = {
  matches: boolean;
  /** Condition keys the statement needed but the context did not provide (as written in the policy). */
  missingKeys: string[];
  /** Operators this evaluator does not implement; a condition using one never matches. */
  unknownOperators: string[];
};

type Comparator = { compare: (policyValue: string, contextValue: string) => boolean; negated: boolean };

const COMPARATORS: Record<string, Comparator> = {
  stringequals: { compare: (p, c) => p === c, negated: false },
  stringnotequals: { compare: (p, c) => p === c, negated: true },
  stringequalsignorecase: { compare: (p, c) => p.toLowerCase() === c.toLowerCase(), negated: false },
  stringnotequalsignorecase: { compare: (p, c) => p.toLowerCase() === c.toLowerCase(), negated: true },
  stringlike: { compare: (p, c) => globMatch(p, c), negated: false },
  stringnotlike: { compare: (p, c) => globMatch(p, c), negated: true },
  // IAM documents ArnEquals and ArnLike as the same comparison (part-wise, wildcards allowed).
  arnequals: { compare: (p, c) => arnMatches(p, c), negated: false },
  arnlike: { compare: (p, c) => arnMatches(p, c), negated: false },
  arnnotequals: { compare: (p, c) => arnMatches(p, c), negated: true },
  arnnotlike: { compare: (p, c) => arnMatches(p, c), negated: true },
  bool: { compare: (p, c) => p.toLowerCase() === c.toLowerCase(), negated: false },
  numericequals: numeric((p, c) => c === p, false),
  numericnotequals: numeric((p, c) => c === p, true),
  numericlessthan: numeric((p, c) => c < p, false),
  numericlessthanequals: numeric((p, c) => c <= p, false),
  numericgreaterthan: numeric((p, c) => c > p, false),
  numericgreaterthanequals: numeric((p, c) => c >= p, false),
  dateequals: date((p, c) => c === p, false),
  datenotequals: date((p, c) => c === p, true),
  datelessthan: date((p, c) => c < p, false),
  datelessthanequals: date((p, c) => c <= p, false),
  dategreaterthan: date((p, c) => c > p, false),
  dategreaterthanequals: date((p, c) => c >= p, false),
};

function numeric(test: (policy: number, context: number) => boolean, negated: boolean): Comparator {
  return {
    compare: (p, c) => {
      const [pn, cn] = [Number(p), Number(c)];
      return p.trim() !== '' && c.trim() !== '' && Number.isFinite(pn) && Number.isFinite(cn) && test(pn, cn);
    },
    negated,
  };
}

/** Dates are ISO 8601 or epoch seconds (IAM-UG condition operators). */
function date(test: (policy: number, context: number) => boolean, negated: boolean): Comparator {
  const parse = (v: string) => (/^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v));
  return {
    compare: (p, c) => {
      const [pd, cd] = [parse(p), parse(c)];
      return Number.isFinite(pd) && Number.isFinite(cd) && test(pd, cd);
    },
    negated,
  };
}

function lookup(context: RequestContext, key: string): string[] | undefined {
  const wanted = key.toLowerCase();
  for (const [k, v] of Object.entries(context)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

/**
 * Evaluates a statement's Condition block: every operator/key entry must hold (AND), any of an entry's values may
 * match (OR). Semantics from IAM-UG `reference_policies_elements_condition_operators.md` and `…_multi-value-conditions`:
 * a missing key fails positive operators and satisfies negated ones; `…IfExists` passes when the key is absent;
 * `ForAnyValue:` needs one context value to match, `ForAllValues:` needs every context value to match (true when empty).
 */
export function evaluateConditions(entries: ConditionEntry[], context: RequestContext): ConditionOutcome {
  const missingKeys: string[] = [];
  const unknownOperators: string[] = [];
  let matches = true;
  for (const entry of entries) {
    const result = evaluateEntry(entry, context);
    if (result === 'unknown-operator') {
      unknownOperators.push(entry.operator);
      matches = false;
      continue;
    }
    if (result.missing) missingKeys.push(entry.key);
    if (!result.matches) matches = false;
  }
  return { matches, missingKeys, unknownOperators };
}

function evaluateEntry(entry: ConditionEntry, context: RequestContext): { matches: boolean; missing: boolean } | 'unknown-operator' {
  let operator = entry.operator;
  let qualifier: 'any' | 'all' | null = null;
  const colon = operator.indexOf(':');
  if (colon !== -1) {
    const prefix = operator.slice(0, colon).toLowerCase();
    if (prefix === 'foranyvalue') qualifier = 'any';
    else if (prefix === 'forallvalues') qualifier = 'all';
    else return 'unknown-operator';
    operator = operator.slice(colon + 1);
  }
  let ifExists = false;
  if (/IfExists$/i.test(operator)) {
    ifExists = true;
    operator = operator.slice(0, -'IfExists'.length);
  }
  const lower = operator.toLowerCase();

  if (lower === 'null') {
    const present = (lookup(context, entry.key) ?? []).length > 0;
    const wantAbsent = entry.values.some((v) => v.toLowerCase() === 'true');
    return { matches: wantAbsent ? !present : present, missing: false };
  }

  const comparator = COMPARATORS[lower];
  if (!comparator) return 'unknown-operator';
  const contextValues = lookup(context, entry.key);
  const missing = contextValues === undefined;
  const values = contextValues ?? [];
  const hit = (c: string) => entry.values.some((p) => comparator.compare(p, c));

  if (values.length === 0) {
    if (ifExists) return { matches: true, missing };
    if (qualifier === 'all') return { matches: true, missing };
    if (qualifier === 'any') return { matches: false, missing };
    return { matches: comparator.negated, missing };
  }
  if (qualifier === 'all') {
    return { matches: values.every((c) => (comparator.negated ? !hit(c) : hit(c))), missing: false };
  }
  if (qualifier === 'any') {
    return { matches: values.some((c) => (comparator.negated ? !hit(c) : hit(c))), missing: false };
  }
  const anyHit = values.some(hit);
  return { matches: comparator.negated ? !anyHit : anyHit, missing: false };
}
