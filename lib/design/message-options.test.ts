import { describe, expect, it } from 'vitest';
import { deduplicationConsequence, generateQueryTemplate, messageOptionIssues, requiredHeaders, type MessageOptions } from './message-options';

const standard = { fifo: false, contentBasedDeduplication: false };
const fifo = { fifo: true, contentBasedDeduplication: false };

describe('message options → query protocol template', () => {
  it('adds URL-encoded message attributes and DelaySeconds after the URL-encoded body', () => {
    const options: MessageOptions = {
      attributes: [
        { name: 'orderType', dataType: 'String', source: { from: 'header', name: 'X-Order-Type' } },
        { name: 'channel', dataType: 'String', source: { from: 'static', value: 'web & app' } },
      ],
      delaySeconds: 5,
    };
    expect(generateQueryTemplate(options, standard)).toBe(
      "Action=SendMessage&MessageBody=$util.urlEncode($input.body)&MessageAttribute.1.Name=orderType&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=$util.urlEncode(\"$!input.params().header.get('X-Order-Type')\")&MessageAttribute.2.Name=channel&MessageAttribute.2.Value.DataType=String&MessageAttribute.2.Value.StringValue=web%20%26%20app&DelaySeconds=5",
    );
    expect(requiredHeaders(options)).toEqual(['X-Order-Type']);
    expect(messageOptionIssues(options, standard)).toEqual([]);
  });

  it('FIFO: group and deduplication ids, no DelaySeconds; content-based leaves the id out', () => {
    const options: MessageOptions = { attributes: [], groupId: { from: 'body', path: 'customer.id' }, deduplicationId: { from: 'context', variable: 'requestId' } };
    expect(generateQueryTemplate(options, fifo)).toBe("Action=SendMessage&MessageBody=$util.urlEncode($input.body)&MessageGroupId=$util.urlEncode(\"$!input.path('$.customer.id')\")&MessageDeduplicationId=$util.urlEncode(\"$!context.requestId\")");
    expect(generateQueryTemplate({ ...options, deduplicationId: { from: 'contentBased' } }, { fifo: true, contentBasedDeduplication: true })).not.toContain('MessageDeduplicationId');
  });

  it('names the field and the fix for what SQS would refuse', () => {
    const issues = messageOptionIssues(
      {
        attributes: [
          { name: 'AWS.trace', dataType: 'String', source: { from: 'context', variable: 'requestId' } },
          { name: 'a..b', dataType: 'String', source: { from: 'header', name: '' } },
        ],
        deduplicationId: { from: 'contentBased' },
        delaySeconds: 10,
      },
      fifo,
    );
    expect(issues).toEqual([
      { field: 'attributes[0].name', message: expect.stringContaining('reserved by AWS') },
      { field: 'attributes[1].name', message: expect.stringContaining('two in a row') },
      { field: 'attributes[1].source', message: expect.stringContaining('Enter the header name') },
      { field: 'groupId', message: expect.stringContaining('needs a message group id') },
      { field: 'deduplicationId', message: expect.stringContaining('turn it on in the Queue step') },
      { field: 'delaySeconds', message: expect.stringContaining('refuses a per-message delay on FIFO') },
    ]);
    expect(messageOptionIssues({ attributes: [], delaySeconds: 901 }, standard)).toEqual([{ field: 'delaySeconds', message: expect.stringContaining('0 to 900') }]);
  });

  it('explains what a retry does with each deduplication source', () => {
    expect(deduplicationConsequence({ from: 'context', variable: 'requestId' })).toMatch(/retries after a timeout gets a second copy/);
    expect(deduplicationConsequence({ from: 'header', name: 'Idempotency-Key' })).toMatch(/retry that repeats the same value within 5 minutes is accepted and not delivered twice/);
    expect(deduplicationConsequence({ from: 'contentBased' })).toMatch(/identical/);
  });
});
