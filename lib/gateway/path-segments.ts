/**
 * One percent-decoded segment of a request path, as the sandbox's router and the preview both read path parameters.
 * A segment whose escapes do not decode (`%ZZ`, `%E9` alone) is kept exactly as sent: AWS does not document how API
 * Gateway decodes such a path, and keeping it raw never turns a bad request into a different valid value.
 */
export function decodePathSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A greedy `{proxy+}` value: the rest of the path, segment by segment. */
export function decodePathRest(rest: string): string {
  return rest.split('/').map(decodePathSegment).join('/');
}
