/** FIFO queues: MessageGroupId and deduplication. */
import { formValue } from '../form';
import { type Analysis, type Rule, finding, templatePath, activeTemplate, jsonMember, isJsonProtocolRequest } from './analysis';

function sentParameter(a: Analysis, name: string): string | undefined {
  if (isJsonProtocolRequest(a)) {
    const v = jsonMember(a, name);
    return typeof v === 'string' ? v : undefined;
  }
  return a.form ? formValue(a.form.params, name) : undefined;
}

export const fifoMessageGroupId: Rule = (a) => {
  if (!a.design.queue?.fifo || !a.sent) return [];
  const group = sentParameter(a, 'MessageGroupId');
  if (group !== undefined && group !== '') return [];
  const active = activeTemplate(a);
  const canFix = a.design.protocol === 'query' && active !== undefined;
  return [
    finding(
      'fifo-message-group-id',
      'error',
      active ? templatePath(active.key) : ['queue', 'fifo'],
      'Messages to this FIFO queue carry no MessageGroupId',
      'The AWS Knowledge Center article on API Gateway and SQS errors (FIFO note under "AccessDenied"): for a FIFO queue include a MessageGroupId (SQS answers MissingParameter "The request must contain the parameter MessageGroupId."). ' +
        'Take it from a header or a body field; one fixed group keeps every message in a single ordered stream.',
      canFix
        ? { description: 'Append &MessageGroupId=default to the template (one ordered group; change it to a header or body field for parallel groups).', patch: [{ op: 'set', path: templatePath(active.key), value: `${active.template}&MessageGroupId=default` }] }
        : undefined,
      a.sent ? `Body sent to SQS: ${a.sent.body}` : undefined,
    ),
  ];
};

export const fifoDeduplicationId: Rule = (a) => {
  if (!a.design.queue?.fifo || a.design.queue.contentBasedDeduplication || !a.sent) return [];
  const dedup = sentParameter(a, 'MessageDeduplicationId');
  if (dedup !== undefined && dedup !== '') return [];
  return [
    finding(
      'fifo-deduplication-id',
      'error',
      ['queue', 'contentBasedDeduplication'],
      'FIFO messages carry no MessageDeduplicationId and content-based deduplication is off',
      'The AWS Knowledge Center article on API Gateway and SQS errors (FIFO note): include a MessageDeduplicationId unless the queue has content-based deduplication; SQS otherwise answers InvalidParameterValue ' +
        '"The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly".',
      { description: 'Turn on content-based deduplication (SQS then uses a SHA-256 of the body).', patch: [{ op: 'set', path: ['queue', 'contentBasedDeduplication'], value: true }] },
    ),
  ];
};
