const POSIX_CLASSES: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'A-Za-z',
  Digit: '0-9',
  Alnum: 'A-Za-z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
};

export type JavaRegexResult = { ok: true; regex: RegExp } | { ok: false; message: string };

const cache = new Map<string, JavaRegexResult>();

/**
 * Compiles a Java regex (`java.util.regex`, what API Gateway uses for `selectionPattern`, aws-reference B.3) as a JS
 * RegExp that must match the **whole** input. Handles the common subset and the Java-only constructs that appear
 * in status patterns: inline `(?i)`, `\A` `\z` `\Z`, possessive quantifiers, atomic groups, POSIX `\p{…}` classes.
 * Character-class intersection (`&&`) is not supported and reported as an error.
 */
export function compileJavaRegex(pattern: string): JavaRegexResult {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const result = compile(pattern);
  if (cache.size > 200) cache.clear();
  cache.set(pattern, result);
  return result;
}

function compile(pattern: string): JavaRegexResult {
  let flags = '';
  let src = pattern;
  const inline = /^\(\?([imsux]+)\)/.exec(src);
  if (inline) {
    for (const f of inline[1]!) if ((f === 'i' || f === 's' || f === 'm') && !flags.includes(f)) flags += f;
    src = src.slice(inline[0].length);
  }
  let out = '';
  let inClass = 0;
  let lastWasQuantifier = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    const afterQuantifier = lastWasQuantifier;
    lastWasQuantifier = false;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) return { ok: false, message: `"${pattern}": trailing backslash.` };
      if (n === 'A') out += '^';
      else if (n === 'z' || n === 'Z') out += '$';
      else if ((n === 'p' || n === 'P') && src[i + 2] === '{') {
        const end = src.indexOf('}', i + 3);
        const name = src.slice(i + 3, end).replace(/^Is/, '');
        const cls = POSIX_CLASSES[name];
        if (end < 0 || cls === undefined) return { ok: false, message: `"${pattern}": \\${n}{${name}} is not supported.` };
        out += inClass ? cls : n === 'p' ? `[${cls}]` : `[^${cls}]`;
        i = end;
        continue;
      } else if (n === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        const literal = src.slice(i + 2, end < 0 ? undefined : end);
        out += literal.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
        i = end < 0 ? src.length : end + 1;
        continue;
      } else out += `\\${n}`;
      i++;
      continue;
    }
    if (c === '[') {
      if (inClass && src[i - 1] !== '\\') return { ok: false, message: `"${pattern}": nested character classes are not supported.` };
      inClass++;
      out += c;
      continue;
    }
    if (c === ']' && inClass) {
      inClass--;
      out += c;
      continue;
    }
    if (inClass && c === '&' && src[i + 1] === '&') return { ok: false, message: `"${pattern}": character-class intersection (&&) is not supported.` };
    if (!inClass && c === '(' && src[i + 1] === '?' && src[i + 2] === '>') {
      out += '(?:';
      i += 2;
      continue;
    }
    // Possessive quantifiers (`*+`, `++`, `?+`, `}+`) match the same strings as greedy ones in a full match of the
    // short status strings API Gateway tests; drop the `+`.
    if (!inClass && c === '+' && afterQuantifier) continue;
    lastWasQuantifier = !inClass && (c === '*' || c === '+' || c === '?' || c === '}');
    out += c;
  }
  try {
    return { ok: true, regex: new RegExp(`^(?:${out})$`, flags) };
  } catch (err) {
    return { ok: false, message: `"${pattern}" is not a valid regular expression: ${(err as Error).message}` };
  }
}

/** Whether a Java `selectionPattern` matches the whole status string; invalid patterns match nothing. */
export function javaRegexFullMatch(pattern: string, input: string): boolean {
  const compiled = compileJavaRegex(pattern);
  return compiled.ok && compiled.regex.test(input);
}
