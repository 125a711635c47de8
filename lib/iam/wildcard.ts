const regexCache = new Map<string, RegExp>();

/** `*` = any run of characters (including none), `?` = exactly one character; everything else literal. */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const cacheKey = `${ignoreCase ? 'i' : 's'}:${pattern}`;
  let re = regexCache.get(cacheKey);
  if (!re) {
    const source = pattern
      .split('')
      .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    if (regexCache.size > 5000) regexCache.clear();
    regexCache.set(cacheKey, re);
  }
  return re.test(value);
}

/** IAM action matching: `sqs:Send*` matches `SQS:sendmessage` — service prefix and name are case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  return globMatch(pattern, action, true);
}

/** Splits an ARN into its six parts; the resource part keeps any further colons. */
export function splitArn(arn: string): string[] | null {
  const parts = arn.split(':');
  if (parts.length < 6) return null;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/**
 * ARN matching as IAM does it for Resource and ArnLike: case-sensitive, `*`/`?` wildcards within each of the first
 * five colon-separated parts, while in the resource part `*` may also cross `/` and `:`. A pattern with fewer than six
 * parts (`arn:aws:sqs:*`) lets its last part's wildcard run over the rest of the ARN.
 */
export function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const target = splitArn(arn);
  const patternParts = pattern.split(':');
  if (!target) return globMatch(pattern, arn);
  if (patternParts.length < 6) {
    const last = patternParts.length - 1;
    for (let i = 0; i < last; i++) if (!globMatch(patternParts[i]!, target[i]!)) return false;
    return globMatch(patternParts[last]!, target.slice(last).join(':'));
  }
  const p = [...patternParts.slice(0, 5), patternParts.slice(5).join(':')];
  return p.every((part, i) => globMatch(part, target[i]!));
}
