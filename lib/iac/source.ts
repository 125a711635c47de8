import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Tags } from 'yaml';

/**
 * A configuration file (YAML or JSON) read into plain values with the line of every value, so that a finding about
 * a design field can point at the line of the file it came from. JSON is read by the same YAML 1.2 parser (JSON is
 * a subset of it), which gives both formats the same positions.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type SourcePath = (string | number)[];

export type SourceText = {
  root: JsonValue;
  /** Line (1-based) of the value at a path; for a map entry, the line of its key. */
  lineOf: (path: SourcePath) => number | undefined;
};

export type SourceError = { message: string; line: number; column: number };
export type SourceParse = { ok: true; source: SourceText } | { ok: false; error: SourceError };

/** CloudFormation's short-form intrinsics and the long form each one stands for (AWS CloudFormation user guide, "Intrinsic function reference"). */
const SHORT_FORMS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  '!Join': 'Fn::Join',
  '!Sub': 'Fn::Sub',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!FindInMap': 'Fn::FindInMap',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!ImportValue': 'Fn::ImportValue',
  '!GetAZs': 'Fn::GetAZs',
  '!Transform': 'Fn::Transform',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Length': 'Fn::Length',
};

/**
 * The short forms as yaml custom tags, for scalars, sequences and maps alike (`!Sub` takes a string or a list).
 * They keep the node as it is; `toValue` turns the tagged node into the long form with its positions.
 */
export const CLOUDFORMATION_TAGS: Tags = Object.keys(SHORT_FORMS).flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const, resolve: (value: unknown) => value },
  { tag, collection: 'map' as const, resolve: (value: unknown) => value },
]) as Tags;

const KEY_SEP = '\u0000';

function keyOf(path: SourcePath): string {
  return path.map(String).join(KEY_SEP);
}

export function parseSource(text: string): SourceParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, customTags: CLOUDFORMATION_TAGS, uniqueKeys: false, prettyErrors: false, strict: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = lineCounter.linePos(firstError.pos[0]);
    return { ok: false, error: { message: firstError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''), line: pos.line, column: pos.col } };
  }
  const lines = new Map<string, number>();
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;

  function toValue(node: unknown, path: SourcePath, untagged = false): JsonValue {
    if (isAlias(node)) return toValue(node.resolve(doc), path);
    const n = node as Node | null;
    if (n?.range && !lines.has(keyOf(path))) lines.set(keyOf(path), lineAt(n.range[0]));
    const long = n?.tag && !untagged ? SHORT_FORMS[n.tag] : undefined;
    if (long) {
      let value = toValue(n, [...path, long], true);
      // `!GetAtt Queue.Arn` is the scalar form of ["Queue", "Arn"].
      if (long === 'Fn::GetAtt' && typeof value === 'string') {
        const dot = value.indexOf('.');
        value = dot > 0 ? [value.slice(0, dot), value.slice(dot + 1)] : [value];
      }
      return { [long]: value };
    }
    if (isMap(n)) {
      const out: { [key: string]: JsonValue } = {};
      for (const pair of n.items) {
        const rawKey = isScalar(pair.key) ? pair.key.value : pair.key;
        const key = String(rawKey);
        const childPath = [...path, key];
        const keyNode = pair.key as Node | null;
        if (keyNode?.range) lines.set(keyOf(childPath), lineAt(keyNode.range[0]));
        out[key] = toValue(pair.value, childPath);
      }
      return out;
    }
    if (isSeq(n)) return n.items.map((item, i) => toValue(item, [...path, i]));
    if (isScalar(n)) {
      const v = n.value;
      if (v === null || v === undefined) return null;
      if (typeof v === 'string' || typeof v === 'boolean') return v;
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return Number(v);
      if (v instanceof Date) return v.toISOString();
      return String(v as string);
    }
    return null;
  }

  const root = toValue(doc.contents, []);
  return {
    ok: true,
    source: {
      root,
      lineOf: (path) => {
        for (let len = path.length; len >= 0; len--) {
          const line = lines.get(keyOf(path.slice(0, len)));
          if (line !== undefined) return line;
        }
        return undefined;
      },
    },
  };
}

export function isRecord(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
