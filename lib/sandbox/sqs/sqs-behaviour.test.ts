import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  CancelMessageMoveTaskCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
  type SQSServiceException,
} from '@aws-sdk/client-sqs';
import { startTestSandbox, type TestSandbox } from './test-helpers';

const AWS = '/usr/bin/aws';
let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => sb.stop());

async function sdkError(p: Promise<unknown>): Promise<SQSServiceException> {
  try {
    await p;
  } catch (err) {
    return err as SQSServiceException;
  }
  throw new Error('expected the call to fail');
}

async function create(name: string, Attributes?: Record<string, string>): Promise<string> {
  return (await sb.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes }))).QueueUrl!;
}

const arnOf = (name: string) => `arn:aws:sqs:us-east-1:000000000000:${name}`;

async function count(url: string): Promise<number> {
  const { Attributes } = await sb.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }));
  return Number(Attributes!.ApproximateNumberOfMessages);
}

/** Sends `n` messages to `source` and receives them until they are redriven to its dead-letter queue. */
async function fillDlq(source: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await sb.sqs.send(new SendMessageCommand({ QueueUrl: source, MessageBody: `m${i}` }));
  await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: source, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
  expect((await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: source, MaxNumberOfMessages: 10 }))).Messages).toBeUndefined();
}

describe('message move tasks (DLQ redrive)', () => {
  test('moves the dead letters back to their source queue, lists the task, and refuses a non-DLQ source', async () => {
    const dlq = await create('mv-dlq');
    const source = await create('mv-src', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf('mv-dlq'), maxReceiveCount: 1 }) });
    await fillDlq(source, 3);
    expect(await count(dlq)).toBe(3);

    const notDlq = await sdkError(sb.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf('mv-src') })));
    expect(notDlq.name).toBe('InvalidParameterValue');
    expect(notDlq.message).toBe('Source queue must be configured as a Dead Letter Queue.');
    const missing = await sdkError(sb.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf('mv-none') })));
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(missing.message).toBe("The resource that you specified for the SourceArn parameter doesn't exist.");

    const { TaskHandle } = await sb.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf('mv-dlq') }));
    expect(TaskHandle).toBeTruthy();
    expect(await count(dlq)).toBe(0);
    const back = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: source, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    expect(back.Messages!.map((m) => m.Body).sort()).toEqual(['m0', 'm1', 'm2']);
    expect(back.Messages![0]!.Attributes!.ApproximateReceiveCount).toBe('1');
    const { Results } = await sb.sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arnOf('mv-dlq') }));
    expect(Results).toEqual([
      expect.objectContaining({ Status: 'COMPLETED', SourceArn: arnOf('mv-dlq'), ApproximateNumberOfMessagesMoved: 3, ApproximateNumberOfMessagesToMove: 3 }),
    ]);
    expect(Results![0]!.TaskHandle).toBeUndefined();
  });

  test('a rate-limited task runs, can be cancelled, and a second one is refused meanwhile', async () => {
    const dlq = await create('mv2-dlq');
    const target = await create('mv2-target');
    const source = await create('mv2-src', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf('mv2-dlq'), maxReceiveCount: 1 }) });
    await fillDlq(source, 4);
    const { TaskHandle } = await sb.sqs.send(
      new StartMessageMoveTaskCommand({ SourceArn: arnOf('mv2-dlq'), DestinationArn: arnOf('mv2-target'), MaxNumberOfMessagesPerSecond: 1 }),
    );
    const running = await sb.sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arnOf('mv2-dlq') }));
    expect(running.Results![0]).toMatchObject({ Status: 'RUNNING', TaskHandle, DestinationArn: arnOf('mv2-target'), MaxNumberOfMessagesPerSecond: 1 });
    const second = await sdkError(sb.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf('mv2-dlq') })));
    expect(second.name).toBe('InvalidParameterValue');
    await new Promise((r) => setTimeout(r, 1300));
    const cancelled = await sb.sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle }));
    expect(cancelled.ApproximateNumberOfMessagesMoved).toBeGreaterThanOrEqual(1);
    expect(cancelled.ApproximateNumberOfMessagesMoved).toBeLessThan(4);
    expect(await count(target)).toBe(cancelled.ApproximateNumberOfMessagesMoved);
    expect(await count(dlq)).toBe(4 - cancelled.ApproximateNumberOfMessagesMoved!);
    const again = await sdkError(sb.sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle })));
    expect(again.name).toBe('UnsupportedOperation');
  });
});

describe('FIFO rules', () => {
  test("the queue's DelaySeconds applies to a message that says 0; a non-zero per-message delay is refused", async () => {
    const url = await create('delay.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true', DelaySeconds: '2' });
    await sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'late', MessageGroupId: 'g', DelaySeconds: 0 }));
    expect((await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    const { Attributes } = await sb.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessagesDelayed'] }));
    expect(Attributes!.ApproximateNumberOfMessagesDelayed).toBe('1');
    const bad = await sdkError(sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g', DelaySeconds: 5 })));
    expect(bad.name).toBe('InvalidParameterValue');
    expect(bad.message).toBe('Value 5 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.');
  });

  test('an expired receipt handle is refused; a batch entry without MessageGroupId or deduplication id fails the call', async () => {
    const url = await create('expire.fifo', { FifoQueue: 'true' });
    await sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
    const got = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0 }));
    const handle = got.Messages![0]!.ReceiptHandle!;
    const expired = await sdkError(sb.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: handle })));
    expect(expired.name).toBe('InvalidParameterValue');
    expect(expired.message).toBe(`Value ${handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`);
    expect((await sdkError(sb.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout: 9 })))).message).toContain(
      'The receipt handle has expired.',
    );

    const noGroup = await sdkError(
      sb.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a', MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd2' }, { Id: 'b', MessageBody: 'y', MessageDeduplicationId: 'd3' }] })),
    );
    expect(noGroup.name).toBe('MissingParameter');
    expect(noGroup.message).toBe('The request must contain the parameter MessageGroupId.');
    expect(noGroup.$metadata.httpStatusCode).toBe(400);
    const noDedup = await sdkError(sb.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a', MessageBody: 'x', MessageGroupId: 'g' }] })));
    expect(noDedup.name).toBe('InvalidParameterValue');
    expect(noDedup.message).toBe('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
    // Neither call stored anything.
    const { Attributes } = await sb.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }));
    expect(Attributes!.ApproximateNumberOfMessages).toBe('1');
  });

  test('FIFO-only attributes on a standard queue give AWS’s messages', async () => {
    const cbd = await sdkError(sb.sqs.send(new CreateQueueCommand({ QueueName: 'std-cbd', Attributes: { ContentBasedDeduplication: 'true' } })));
    expect([cbd.name, cbd.message]).toEqual(['InvalidAttributeName', 'Unknown Attribute ContentBasedDeduplication.']);
    const scope = await sdkError(sb.sqs.send(new CreateQueueCommand({ QueueName: 'std-scope', Attributes: { DeduplicationScope: 'queue' } })));
    expect([scope.name, scope.message]).toEqual(['InvalidAttributeName', 'You can specify the DeduplicationScope only when FifoQueue is set to true.']);
    const limit = await sdkError(sb.sqs.send(new CreateQueueCommand({ QueueName: 'std-limit', Attributes: { FifoThroughputLimit: 'perQueue' } })));
    expect(limit.message).toBe('You can specify the FifoThroughputLimit only when FifoQueue is set to true.');
  });
});

describe('standard queue rules', () => {
  test("PurgeQueue's 60-second rule", async () => {
    const url = await create('purge-twice');
    await sb.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    const again = await sdkError(sb.sqs.send(new PurgeQueueCommand({ QueueUrl: url })));
    expect(again.name).toBe('PurgeQueueInProgress');
    expect(again.message).toBe(`Only one PurgeQueue operation on ${arnOf('purge-twice')} is allowed every 60 seconds.`);
    expect(again.$metadata.httpStatusCode).toBe(403);
  });

  test('X-Amzn-Trace-Id becomes AWSTraceHeader; * and prefix filters; unicode attribute names; a queue name as QueueUrl', async () => {
    const url = await create('filters');
    const send = new SendMessageCommand({
      QueueUrl: 'filters',
      MessageBody: 'hello',
      MessageAttributes: {
        'foo.a': { DataType: 'String', StringValue: '1' },
        'foo.b': { DataType: 'String', StringValue: '2' },
        bar: { DataType: 'String', StringValue: '3' },
        'größe': { DataType: 'Number', StringValue: '4' },
      },
    });
    send.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string> };
        request.headers['x-amzn-trace-id'] = 'Root=1-5759e988-bd862e3fe1be46a994272793';
        return next(args);
      },
      { step: 'build' },
    );
    await sb.sqs.send(send);
    const star = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['*'], MessageSystemAttributeNames: ['AWSTraceHeader'], VisibilityTimeout: 0 }));
    expect(Object.keys(star.Messages![0]!.MessageAttributes!).sort()).toEqual(['bar', 'foo.a', 'foo.b', 'größe']);
    expect(star.Messages![0]!.Attributes).toEqual({ AWSTraceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793' });
    const prefix = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['foo.*'], VisibilityTimeout: 0 }));
    expect(Object.keys(prefix.Messages![0]!.MessageAttributes!).sort()).toEqual(['foo.a', 'foo.b']);
    const bad = await sdkError(
      sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageAttributes: { 'a b': { DataType: 'String', StringValue: '1' } } })),
    );
    expect(bad.message).toBe("Message (user) attribute name 'a b' is invalid.");
  });
});

type Run = { code: number; stdout: string; stderr: string };
const env: NodeJS.ProcessEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_PAGER: '' };
delete env.AWS_SESSION_TOKEN;
delete env.AWS_PROFILE;
function aws(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(AWS, ['--endpoint-url', sb.url, '--region', 'us-east-1', '--output', 'json', 'sqs', ...args], { env }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.skipIf(!existsSync(AWS))('the same rules over the query protocol (Debian AWS CLI, XML)', () => {
  test('purge twice, FIFO batch without a group, bare queue name, prefix filter', async () => {
    const url = await create('cli-rules');
    expect((await aws('purge-queue', '--queue-url', url)).code).toBe(0);
    const again = await aws('purge-queue', '--queue-url', url);
    expect(again.stderr).toContain(
      `(AWS.SimpleQueueService.PurgeQueueInProgress) when calling the PurgeQueue operation: Only one PurgeQueue operation on ${arnOf('cli-rules')} is allowed every 60 seconds.`,
    );
    const fifo = await create('cli-rules.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    const batch = await aws('send-message-batch', '--queue-url', fifo, '--entries', JSON.stringify([{ Id: 'a', MessageBody: 'x' }]));
    expect(batch.stderr).toContain('(MissingParameter) when calling the SendMessageBatch operation: The request must contain the parameter MessageGroupId.');
    const sent = await aws('send-message', '--queue-url', 'cli-rules', '--message-body', 'by-name', '--message-attributes', '{"foo.x":{"DataType":"String","StringValue":"1"},"y":{"DataType":"String","StringValue":"2"}}');
    expect(sent.code).toBe(0);
    const got = JSON.parse((await aws('receive-message', '--queue-url', url, '--message-attribute-names', 'foo.*')).stdout) as {
      Messages: Array<{ Body: string; MessageAttributes: Record<string, unknown> }>;
    };
    expect(got.Messages[0]!.Body).toBe('by-name');
    expect(Object.keys(got.Messages[0]!.MessageAttributes)).toEqual(['foo.x']);
  }, 60_000);

  // Debian's CLI predates the message move task operations; the SDK tests above cover them.
  test('FIFO receipt handle expiry and a late standard visibility change', async () => {
    const fifo = await create('cli-exp.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    await aws('send-message', '--queue-url', fifo, '--message-body', 'x', '--message-group-id', 'g');
    const got = JSON.parse((await aws('receive-message', '--queue-url', fifo, '--visibility-timeout', '0')).stdout) as { Messages: Array<{ ReceiptHandle: string }> };
    const handle = got.Messages[0]!.ReceiptHandle;
    const del = await aws('delete-message', '--queue-url', fifo, '--receipt-handle', handle);
    expect(del.stderr).toContain(
      `(InvalidParameterValue) when calling the DeleteMessage operation: Value ${handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`,
    );
    const std = await create('cli-late');
    await aws('send-message', '--queue-url', std, '--message-body', 'x');
    const m = JSON.parse((await aws('receive-message', '--queue-url', std, '--visibility-timeout', '0')).stdout) as { Messages: Array<{ ReceiptHandle: string }> };
    const late = await aws('change-message-visibility', '--queue-url', std, '--receipt-handle', m.Messages[0]!.ReceiptHandle, '--visibility-timeout', '30');
    expect(late.code).toBe(0);
  }, 60_000);
});
