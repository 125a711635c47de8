/** A line/column pair as IAM reports it in SimulatePrincipalPolicy's MatchedStatements (both 1-based). */
export type Position = { line: number; column: number };

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A parsed JSON value together with where it sits in the source text. */
export type JsonNode =
  | { kind: 'object'; start: Position; end: Position; entries: { key: string; value: JsonNode }[] }
  | { kind: 'array'; start: Position; end: Position; items: JsonNode[] }
  | { kind: 'scalar'; start: Position; end: Position; value: null | boolean | number | string };

export type JsonParseResult = { ok: true; node: JsonNode } | { ok: false; error: string; position: Position };

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * A JSON parser that keeps positions, because JSON.parse cannot say where a Statement starts and ends.
 * Positions follow the convention used for MatchedStatements: `start` is the column just after the opening brace and
 * `end` the column just after the closing brace (AWS does not document it; read off AWS CLI documentation examples).
 */
export function parseJsonWithPositions(text: string): JsonParseResult {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const positionOf = (offset: number): Position => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };

  let i = 0;
  const skipWhitespace = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const expect = (ch: string) => {
    if (text[i] !== ch) throw new JsonSyntaxError(`Expected '${ch}'`, i);
    i++;
  };

  const parseString = (): string => {
    const begin = i;
    expect('"');
    let out = '';
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        return out;
      }
      if (ch === '\\') {
        const esc = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (esc !== undefined && esc in simple) {
          out += simple[esc];
          i += 2;
        } else if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else throw new JsonSyntaxError('Invalid escape in string', i);
      } else if (ch.charCodeAt(0) < 0x20) {
        throw new JsonSyntaxError('Control character in string', i);
      } else {
        out += ch;
        i++;
      }
    }
    throw new JsonSyntaxError('Unterminated string', begin);
  };

  const parseValue = (): JsonNode => {
    skipWhitespace();
    const begin = i;
    const ch = text[i];
    if (ch === '{') {
      i++;
      const entries: { key: string; value: JsonNode }[] = [];
      skipWhitespace();
      if (text[i] === '}') {
        i++;
      } else {
        for (;;) {
          skipWhitespace();
          const key = parseString();
          skipWhitespace();
          expect(':');
          entries.push({ key, value: parseValue() });
          skipWhitespace();
          if (text[i] === ',') {
            i++;
            continue;
          }
          expect('}');
          break;
        }
      }
      return { kind: 'object', start: positionOf(begin + 1), end: positionOf(i), entries };
    }
    if (ch === '[') {
      i++;
      const items: JsonNode[] = [];
      skipWhitespace();
      if (text[i] === ']') {
        i++;
      } else {
        for (;;) {
          items.push(parseValue());
          skipWhitespace();
          if (text[i] === ',') {
            i++;
            continue;
          }
          expect(']');
          break;
        }
      }
      return { kind: 'array', start: positionOf(begin + 1), end: positionOf(i), items };
    }
    if (ch === '"') {
      const value = parseString();
      return { kind: 'scalar', start: positionOf(begin), end: positionOf(i), value };
    }
    for (const [literal, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return { kind: 'scalar', start: positionOf(begin), end: positionOf(i), value };
      }
    }
    const num = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      i += num[0].length;
      return { kind: 'scalar', start: positionOf(begin), end: positionOf(i), value: Number(num[0]) };
    }
    throw new JsonSyntaxError(ch === undefined ? 'Unexpected end of input' : `Unexpected character '${ch}'`, i);
  };

  try {
    const node = parseValue();
    skipWhitespace();
    if (i < text.length) throw new JsonSyntaxError('Unexpected content after the document', i);
    return { ok: true, node };
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { ok: false, error: e.message, position: positionOf(e.offset) };
    throw e;
  }
}

/** The plain value of a node (objects keep the last of duplicate keys, as JSON.parse does). */
export function toJsonValue(node: JsonNode): JsonValue {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'array':
      return node.items.map(toJsonValue);
    case 'object': {
      const out: { [key: string]: JsonValue } = {};
      for (const { key, value } of node.entries) {
        Object.defineProperty(out, key, { value: toJsonValue(value), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
  }
}
