import { QUERY_TEMPLATE_URLENCODED } from './presets';

/**
 * Structured message options — message attributes, FIFO group and deduplication ids, DelaySeconds — and the request
 * mapping template they generate. The template stays the design's single source of truth: the wizard's option
 * editor writes it, and everything downstream (preview, doctor, deploy) reads only the template.
 */

/** Where a value comes from in the client's request. */
export type ValueSource =
  | { from: 'header'; name: string }
  | { from: 'querystring'; name: string }
  | { from: 'body'; path: string }
  | { from: 'context'; variable: ContextVariable }
  | { from: 'static'; value: string };

export const CONTEXT_VARIABLES = ['requestId', 'identity.sourceIp', 'identity.userAgent', 'requestTimeEpoch', 'stage'] as const;
export type ContextVariable = (typeof CONTEXT_VARIABLES)[number];

export type MessageAttributeOption = { name: string; dataType: 'String' | 'Number'; source: ValueSource };

export type DeduplicationSource = ValueSource | { from: 'contentBased' };

export type MessageOptions = {
  attributes: MessageAttributeOption[];
  /** FIFO queues: MessageGroupId. */
  groupId?: ValueSource;
  /** FIFO queues: MessageDeduplicationId, or the queue's content-based deduplication. */
  deduplicationId?: DeduplicationSource;
  /** Standard queues: per-message delay, 0–900 s. */
  delaySeconds?: number;
};

export type QueueKind = { fifo: boolean; contentBasedDeduplication: boolean };
export type OptionIssue = { field: string; message: string };

/** SQS limits on message attributes (SQS Developer Guide, "Amazon SQS message attributes"). */
export const MAX_MESSAGE_ATTRIBUTES = 10;

/** The VTL expression that yields a source's raw (unencoded) value. */
export function sourceExpression(source: ValueSource): string {
  switch (source.from) {
    case 'header':
      return `$input.params().header.get('${source.name}')`;
    case 'querystring':
      return `$input.params().querystring.get('${source.name}')`;
    case 'body':
      return `$input.path('$.${source.path.replace(/^\$\.?/, '')}')`;
    case 'context':
      return `$context.${source.variable}`;
    case 'static':
      return source.value;
  }
}

/** The headers the options read: the method declares them required, so a request without one gets 400 from API Gateway, not an SQS error. */
export function requiredHeaders(options: MessageOptions): string[] {
  const sources = [...options.attributes.map((a) => a.source), options.groupId, options.deduplicationId];
  return [...new Set(sources.flatMap((s) => (s && s.from === 'header' && s.name.trim() ? [s.name.trim()] : [])))];
}

/** What each deduplication choice means when a client retries (SQS deduplication interval: 5 minutes). */
export function deduplicationConsequence(source: DeduplicationSource | undefined): string {
  if (!source) return 'A FIFO queue needs a deduplication id, or content-based deduplication on the queue; without either SQS refuses the message.';
  switch (source.from) {
    case 'contentBased':
      return 'SQS takes a SHA-256 of the body: a retry with the same body within 5 minutes is accepted and not delivered twice — and so are two different requests whose bodies happen to be identical.';
    case 'context':
      return source.variable === 'requestId'
        ? 'Every request has its own request id, retries too: a client that retries after a timeout gets a second copy of the message. Choose a header or body field the client repeats on retry to avoid duplicates.'
        : 'This value changes between retries or is shared by unrelated requests: duplicates or lost messages are likely. Prefer a header or body field the client sets per message.';
    case 'static':
      return 'A fixed value makes every message within 5 minutes a duplicate of the first: SQS accepts them but delivers only one.';
    default:
      return 'A retry that repeats the same value within 5 minutes is accepted and not delivered twice; the client must send a new value for each new message.';
  }
}

export function groupIdConsequence(source: ValueSource | undefined): string {
  if (!source) return 'A FIFO queue needs a MessageGroupId on every message.';
  if (source.from === 'static') return 'One fixed group: every message is delivered strictly in order, one at a time — no consumer parallelism.';
  if (source.from === 'context' && source.variable === 'requestId') return 'A new group per request: no ordering between messages at all.';
  return 'Messages with the same group id are delivered in order, one group at a time; different groups are processed in parallel.';
}

function sourceIssues(field: string, source: ValueSource): OptionIssue[] {
  switch (source.from) {
    case 'header':
    case 'querystring':
      return /^[A-Za-z0-9!#$%&*+.^_`|~-]+$/.test(source.name) ? [] : [{ field, message: `Enter the ${source.from === 'header' ? 'header' : 'query string parameter'} name, e.g. ${source.from === 'header' ? 'X-Order-Id' : 'orderId'} (letters, digits and - only).` }];
    case 'body':
      return /^(\$\.?)?[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(source.path) ? [] : [{ field, message: 'Enter the body field as a JSON path such as orderId or customer.id.' }];
    case 'static':
      return source.value === '' ? [{ field, message: 'Enter the fixed value.' }] : /[$#]/.test(source.value) ? [{ field, message: 'A fixed value may not contain $ or # (the template language would read them).' }] : [];
    default:
      return [];
  }
}

/** Problems that would make SQS or API Gateway refuse what the options generate, each naming its field. */
export function messageOptionIssues(options: MessageOptions, queue: QueueKind): OptionIssue[] {
  const out: OptionIssue[] = [];
  if (options.attributes.length > MAX_MESSAGE_ATTRIBUTES) out.push({ field: 'attributes', message: `SQS allows at most ${MAX_MESSAGE_ATTRIBUTES} message attributes; remove ${options.attributes.length - MAX_MESSAGE_ATTRIBUTES}.` });
  const seen = new Set<string>();
  options.attributes.forEach((a, i) => {
    const field = `attributes[${i}].name`;
    const name = a.name;
    if (name === '') out.push({ field, message: `Attribute ${i + 1} needs a name, e.g. orderType.` });
    else if (name.length > 256) out.push({ field, message: `Attribute name is ${name.length} characters; SQS allows 256.` });
    else if (!/^[A-Za-z0-9_.-]+$/.test(name)) out.push({ field, message: `"${name}" may contain only letters, digits, _ - and . (SQS attribute names).` });
    else if (/^(aws\.|amazon\.)/i.test(name)) out.push({ field, message: `"${name}": names starting with AWS. or Amazon. are reserved by AWS.` });
    else if (name.startsWith('.') || name.endsWith('.') || name.includes('..')) out.push({ field, message: `"${name}" may not start or end with a period or contain two in a row.` });
    else if (seen.has(name.toLowerCase())) out.push({ field, message: `Attribute "${name}" is defined twice; SQS names are unique.` });
    seen.add(name.toLowerCase());
    out.push(...sourceIssues(`attributes[${i}].source`, a.source));
  });
  if (queue.fifo) {
    if (!options.groupId) out.push({ field: 'groupId', message: 'A FIFO queue needs a message group id: choose where it comes from.' });
    else out.push(...sourceIssues('groupId', options.groupId));
    const dedup = options.deduplicationId;
    if (!dedup) out.push({ field: 'deduplicationId', message: 'Choose a deduplication id source, or content-based deduplication.' });
    else if (dedup.from === 'contentBased') {
      if (!queue.contentBasedDeduplication) out.push({ field: 'deduplicationId', message: 'Content-based deduplication is off on the queue: turn it on in the Queue step, or choose another source.' });
    } else out.push(...sourceIssues('deduplicationId', dedup));
    if (options.delaySeconds !== undefined && options.delaySeconds !== 0) out.push({ field: 'delaySeconds', message: 'SQS refuses a per-message delay on FIFO queues; set the queue’s delivery delay instead.' });
  } else {
    if (options.groupId || options.deduplicationId) out.push({ field: 'groupId', message: 'Message group and deduplication ids exist only for FIFO queues.' });
    const d = options.delaySeconds;
    if (d !== undefined && (!Number.isInteger(d) || d < 0 || d > 900)) out.push({ field: 'delaySeconds', message: 'DelaySeconds must be a whole number from 0 to 900 (15 minutes).' });
  }
  return out;
}

/**
 * A source's value URL-encoded. The value is first turned into a string with a quiet reference ("$!…"): a number
 * from the body would otherwise reach $util.urlEncode as a number and render empty, and a missing field renders ""
 * instead of the reference's own text.
 */
const urlEncoded = (source: ValueSource) => (source.from === 'static' ? encodeURIComponent(source.value) : `$util.urlEncode("$!${sourceExpression(source).slice(1)}")`);

/**
 * The AWS query protocol request mapping template for the options: a form body with every value URL-encoded, the
 * message body too, so & + % survive. (With the AWS JSON protocol the client sends the SendMessage document itself,
 * attributes included, so there is no template to generate.)
 */
export function generateQueryTemplate(options: MessageOptions, queue: QueueKind): string {
  const fifo = queue.fifo;
  const dedup = options.deduplicationId && options.deduplicationId.from !== 'contentBased' ? options.deduplicationId : undefined;
  let t = QUERY_TEMPLATE_URLENCODED;
  options.attributes.forEach((a, idx) => {
    const n = idx + 1;
    t += `&MessageAttribute.${n}.Name=${encodeURIComponent(a.name)}&MessageAttribute.${n}.Value.DataType=${a.dataType}&MessageAttribute.${n}.Value.StringValue=${urlEncoded(a.source)}`;
  });
  if (fifo && options.groupId) t += `&MessageGroupId=${urlEncoded(options.groupId)}`;
  if (fifo && dedup) t += `&MessageDeduplicationId=${urlEncoded(dedup)}`;
  if (!fifo && options.delaySeconds) t += `&DelaySeconds=${options.delaySeconds}`;
  return t;
}
