import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestSandbox, type TestSandbox } from './test-helpers';

/** Debian's AWS CLI v2 speaks SQS over the query protocol and parses XML (docs/toolchain.md). */
const AWS = '/usr/bin/aws';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => sb.stop());

type Run = { code: number; stdout: string; stderr: string };

const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_PAGER: '' };
delete env.AWS_SESSION_TOKEN;
delete env.AWS_PROFILE;

// Async on purpose: the sandbox runs in this process, a synchronous spawn would block it.
function aws(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      AWS,
      ['--endpoint-url', sb.url, '--region', 'us-east-1', '--output', 'json', 'sqs', ...args],
      { env },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function awsJson<T>(...args: string[]): Promise<T> {
  const r = await aws(...args);
  if (r.code !== 0) throw new Error(`aws ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout || '{}') as T;
}

describe.skipIf(!existsSync(AWS))('Debian AWS CLI (query protocol, XML)', () => {
  test('standard queue: create, send with attributes, receive, delete, attributes, list', async () => {
    const { QueueUrl } = await awsJson<{ QueueUrl: string }>('create-queue', '--queue-name', 'cli-std', '--attributes', 'VisibilityTimeout=60');
    expect(QueueUrl).toBe(`${sb.url}/000000000000/cli-std`);
    const sent = await awsJson<{ MD5OfMessageBody: string; MD5OfMessageAttributes: string; MessageId: string }>(
      'send-message',
      '--queue-url', QueueUrl,
      '--message-body', 'This is a test message',
      '--message-attributes', '{"Foo":{"DataType":"String","StringValue":"Bar"},"n":{"DataType":"Number","StringValue":"7"}}',
    );
    expect(sent.MD5OfMessageBody).toBe('fafb00f5732ab283681e124bf8747ed1');
    const got = await awsJson<{ Messages: Array<{ Body: string; ReceiptHandle: string; MessageId: string; MessageAttributes: Record<string, { StringValue: string }>; Attributes: Record<string, string> }> }>(
      'receive-message', '--queue-url', QueueUrl, '--attribute-names', 'All', '--message-attribute-names', 'All',
    );
    const m = got.Messages[0]!;
    expect(m.MessageId).toBe(sent.MessageId);
    expect(m.Body).toBe('This is a test message');
    expect(m.MessageAttributes.Foo!.StringValue).toBe('Bar');
    expect(m.Attributes.ApproximateReceiveCount).toBe('1');
    expect((await aws('delete-message', '--queue-url', QueueUrl, '--receipt-handle', m.ReceiptHandle)).code).toBe(0);
    const attrs = await awsJson<{ Attributes: Record<string, string> }>('get-queue-attributes', '--queue-url', QueueUrl, '--attribute-names', 'All');
    expect(attrs.Attributes).toMatchObject({ VisibilityTimeout: '60', ApproximateNumberOfMessages: '0', QueueArn: 'arn:aws:sqs:us-east-1:000000000000:cli-std' });
    const list = await awsJson<{ QueueUrls: string[] }>('list-queues', '--queue-name-prefix', 'cli-');
    expect(list.QueueUrls).toContain(QueueUrl);
  }, 60_000);

  test('batch with a partial failure, FIFO with dedup, and a NonExistentQueue error', async () => {
    const { QueueUrl } = await awsJson<{ QueueUrl: string }>(
      'create-queue', '--queue-name', 'cli-q.fifo', '--attributes', 'FifoQueue=true,ContentBasedDeduplication=true',
    );
    // An entry without MessageGroupId fails the whole call on a FIFO queue.
    const whole = await aws(
      'send-message-batch', '--queue-url', QueueUrl, '--entries',
      JSON.stringify([{ Id: 'a', MessageBody: 'first', MessageGroupId: 'g' }, { Id: 'b', MessageBody: 'no-group' }]),
    );
    expect(whole.code).not.toBe(0);
    expect(whole.stderr).toContain('(MissingParameter) when calling the SendMessageBatch operation: The request must contain the parameter MessageGroupId.');
    const batch = await awsJson<{ Successful: Array<{ Id: string; SequenceNumber: string }>; Failed?: Array<{ Id: string; Code: string }> }>(
      'send-message-batch', '--queue-url', QueueUrl, '--entries',
      JSON.stringify([
        { Id: 'a', MessageBody: 'first', MessageGroupId: 'g' },
        { Id: 'b', MessageBody: 'bad', MessageGroupId: 'g', MessageDeduplicationId: 'x'.repeat(129) },
        { Id: 'c', MessageBody: 'first', MessageGroupId: 'g' },
      ]),
    );
    expect(batch.Successful.map((e) => e.Id)).toEqual(['a', 'c']);
    expect(batch.Failed).toEqual([expect.objectContaining({ Id: 'b', Code: 'InvalidParameterValue', SenderFault: true })]);
    const got = await awsJson<{ Messages: Array<{ Body: string }> }>('receive-message', '--queue-url', QueueUrl, '--max-number-of-messages', '10');
    expect(got.Messages.map((m) => m.Body)).toEqual(['first']);
    const missing = await aws('send-message', '--queue-url', `${sb.url}/000000000000/does-not-exist`, '--message-body', 'x');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('AWS.SimpleQueueService.NonExistentQueue');
    expect(missing.stderr).toContain('The specified queue does not exist for this wsdl version.');
  }, 60_000);
});
