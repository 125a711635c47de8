import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueueTagsCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
  UntagQueueCommand,
  type SQSServiceException,
} from '@aws-sdk/client-sqs';
import { startTestSandbox, type TestSandbox } from './test-helpers';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => sb.stop());

async function createQueue(name: string, attributes?: Record<string, string>): Promise<string> {
  const out = await sb.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  return out.QueueUrl!;
}

async function sdkError(p: Promise<unknown>): Promise<SQSServiceException> {
  try {
    await p;
  } catch (err) {
    return err as SQSServiceException;
  }
  throw new Error('expected the call to fail');
}

describe('queues', () => {
  test('create is idempotent with the same attributes, QueueNameExists otherwise; defaults as on AWS', async () => {
    const url = await createQueue('q-create', { VisibilityTimeout: '45' });
    expect(url).toBe(`${sb.url}/000000000000/q-create`);
    expect(await createQueue('q-create', { VisibilityTimeout: '45' })).toBe(url);
    const err = await sdkError(createQueue('q-create', { VisibilityTimeout: '46' }));
    expect(err.name).toBe('QueueNameExists');
    expect(err.message).toBe('A queue already exists with the same name and a different value for attribute VisibilityTimeout');
    const attrs = (await sb.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes!;
    expect(attrs).toMatchObject({
      QueueArn: 'arn:aws:sqs:us-east-1:000000000000:q-create',
      VisibilityTimeout: '45',
      MessageRetentionPeriod: '345600',
      MaximumMessageSize: '1048576',
      DelaySeconds: '0',
      ReceiveMessageWaitTimeSeconds: '0',
      SqsManagedSseEnabled: 'true',
      ApproximateNumberOfMessages: '0',
    });
    expect(Number(attrs.CreatedTimestamp)).toBeGreaterThan(1.7e9);
  });

  test('FIFO defaults and name rules', async () => {
    const url = await createQueue('q-fifo-defaults.fifo', { FifoQueue: 'true' });
    const attrs = (await sb.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes!;
    expect(attrs).toMatchObject({ FifoQueue: 'true', ContentBasedDeduplication: 'false', DeduplicationScope: 'queue', FifoThroughputLimit: 'perQueue' });
    const noSuffix = await sdkError(createQueue('nosuffix', { FifoQueue: 'true' }));
    expect(noSuffix.name).toBe('InvalidParameterValue');
    const badName = await sdkError(createQueue('bad name!'));
    expect(badName.name).toBe('InvalidParameterValue');
    const fifoAttrOnStandard = await sdkError(createQueue('std-cbd', { ContentBasedDeduplication: 'true' }));
    expect(fifoAttrOnStandard.name).toBe('InvalidAttributeName');
  });

  test('GetQueueUrl, ListQueues with prefix and paging, SetQueueAttributes, DeleteQueue', async () => {
    for (const n of ['list-a', 'list-b', 'list-c']) await createQueue(n);
    expect((await sb.sqs.send(new GetQueueUrlCommand({ QueueName: 'list-b' }))).QueueUrl).toBe(`${sb.url}/000000000000/list-b`);
    const page1 = await sb.sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'list-', MaxResults: 2 }));
    expect(page1.QueueUrls).toEqual([`${sb.url}/000000000000/list-a`, `${sb.url}/000000000000/list-b`]);
    const page2 = await sb.sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'list-', MaxResults: 2, NextToken: page1.NextToken }));
    expect(page2.QueueUrls).toEqual([`${sb.url}/000000000000/list-c`]);
    expect(page2.NextToken).toBeUndefined();
    const url = `${sb.url}/000000000000/list-c`;
    await sb.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { DelaySeconds: '5' } }));
    const attrs = await sb.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['DelaySeconds'] }));
    expect(attrs.Attributes).toEqual({ DelaySeconds: '5' });
    await sb.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    const gone = await sdkError(sb.sqs.send(new GetQueueUrlCommand({ QueueName: 'list-c' })));
    expect(gone.name).toBe('QueueDoesNotExist');
    expect(gone.message).toBe('The specified queue does not exist.');
  });
});

describe('messages', () => {
  test('send/receive/delete with message attributes, system attributes and MD5s the SDK verifies', async () => {
    const url = await createQueue('m-basic');
    const sent = await sb.sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'This is a test message',
        MessageAttributes: {
          Foo: { DataType: 'String', StringValue: 'Bar' },
          'trace.id': { DataType: 'Number.int', StringValue: '42' },
          blob: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 255]) },
        },
        MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-abc' } },
      }),
    );
    expect(sent.MD5OfMessageBody).toBe('fafb00f5732ab283681e124bf8747ed1');
    expect(sent.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
    expect(sent.MD5OfMessageSystemAttributes).toMatch(/^[0-9a-f]{32}$/);
    const got = await sb.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['trace.*', 'blob'], MessageSystemAttributeNames: ['All'] }),
    );
    const m = got.Messages![0]!;
    expect(m.MessageId).toBe(sent.MessageId);
    expect(m.Body).toBe('This is a test message');
    expect(m.MD5OfBody).toBe('fafb00f5732ab283681e124bf8747ed1');
    expect(Object.keys(m.MessageAttributes!).sort()).toEqual(['blob', 'trace.id']);
    expect(Buffer.from(m.MessageAttributes!.blob!.BinaryValue!)).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(m.Attributes).toMatchObject({ ApproximateReceiveCount: '1', AWSTraceHeader: 'Root=1-abc', SenderId: 'test' });
    expect(Number(m.Attributes!.SentTimestamp)).toBeLessThanOrEqual(Number(m.Attributes!.ApproximateFirstReceiveTimestamp));
    const inflight = await sb.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }));
    expect(inflight.Attributes!.ApproximateNumberOfMessagesNotVisible).toBe('1');
    await sb.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
    const after = await sb.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    expect(after.Attributes!.ApproximateNumberOfMessagesNotVisible).toBe('0');
    expect(after.Attributes!.ApproximateNumberOfMessages).toBe('0');
  });

  test('visibility timeout: an undeleted message comes back with ApproximateReceiveCount 2; ChangeMessageVisibility', async () => {
    const url = await createQueue('m-visibility');
    await sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'again' }));
    const first = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 1 }));
    expect(first.Messages).toHaveLength(1);
    expect((await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    const second = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 3, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    expect(second.Messages![0]!.Attributes!.ApproximateReceiveCount).toBe('2');
    await sb.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: second.Messages![0]!.ReceiptHandle, VisibilityTimeout: 0 }));
    // Late: the message is visible again, yet a standard queue takes the change (and hides the message again).
    await sb.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: second.Messages![0]!.ReceiptHandle, VisibilityTimeout: 5 }));
    expect((await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    await sb.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: second.Messages![0]!.ReceiptHandle, VisibilityTimeout: 0 }));
    const stale = await sdkError(
      sb.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: first.Messages![0]!.ReceiptHandle, VisibilityTimeout: 5 })),
    );
    expect(stale.message).toBe(
      `Value ${first.Messages![0]!.ReceiptHandle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
    );
    expect((await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toHaveLength(1);
  });

  test('long polling wakes up on send', async () => {
    const url = await createQueue('m-longpoll');
    const started = Date.now();
    const receiving = sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 10 }));
    await new Promise((r) => setTimeout(r, 300));
    await sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake up' }));
    const got = await receiving;
    expect(got.Messages![0]!.Body).toBe('wake up');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test('DelaySeconds hides a message until it is due', async () => {
    const url = await createQueue('m-delay');
    await sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 1 }));
    const attrs = await sb.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessagesDelayed'] }));
    expect(attrs.Attributes!.ApproximateNumberOfMessagesDelayed).toBe('1');
    expect((await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    const got = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 3 }));
    expect(got.Messages![0]!.Body).toBe('later');
  });

  test('MaxNumberOfMessages, PurgeQueue', async () => {
    const url = await createQueue('m-max');
    for (let i = 0; i < 12; i++) await sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `m${i}` }));
    expect((await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }))).Messages).toHaveLength(10);
    const bad = await sdkError(sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 11 })));
    expect(bad.name).toBe('InvalidParameterValue');
    expect(bad.message).toBe('Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.');
    await sb.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    expect((await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
  });

  test('message size limit follows MaximumMessageSize (body + attributes)', async () => {
    const url = await createQueue('m-size', { MaximumMessageSize: '1024' });
    const err = await sdkError(sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(1000), MessageAttributes: { a: { DataType: 'String', StringValue: 'y'.repeat(30) } } })));
    expect(err.name).toBe('InvalidParameterValue');
    expect(err.message).toBe('One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.');
    await sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(1024) }));
    const big = await createQueue('m-size-default');
    const tooBig = await sdkError(sb.sqs.send(new SendMessageCommand({ QueueUrl: big, MessageBody: 'x'.repeat(1048577) })));
    expect(tooBig.message).toBe('One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes.');
  });

  test('invalid characters and empty attribute values', async () => {
    const url = await createQueue('m-chars');
    const err = await sdkError(sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'nul\u0000byte' })));
    expect(err.name).toBe('InvalidMessageContents');
    const ffff = await sdkError(sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x\uffff' })));
    expect(ffff.message).toBe(
      "Invalid binary character '#xFFFF' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].",
    );
    const empty = await sdkError(
      sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageAttributes: { ErrorDetails: { DataType: 'String', StringValue: '' } } })),
    );
    expect(empty.message).toBe("Message (user) attribute 'ErrorDetails' must contain a non-empty value of type 'String'.");
    const missing = await sdkError(sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '' })));
    expect(missing.name).toBe('MissingParameter');
    expect(missing.message).toBe('The request must contain the parameter MessageBody.');
  });

  test('batch: partial failures are reported in Failed', async () => {
    const url = await createQueue('m-batch', { MaximumMessageSize: '1024' });
    const out = await sb.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'ok1', MessageBody: 'one' },
          { Id: 'toolong', MessageBody: 'x'.repeat(2000) },
          { Id: 'ok2', MessageBody: 'two', MessageAttributes: { Foo: { DataType: 'String', StringValue: 'Bar' } } },
          { Id: 'badchar', MessageBody: '\u0001' },
        ],
      }),
    );
    expect(out.Successful!.map((e) => e.Id)).toEqual(['ok1', 'ok2']);
    expect(out.Successful![1]!.MD5OfMessageAttributes).toBe('ae7155c6026991b6d54b11589678bf9c');
    expect(out.Failed).toEqual([
      { Id: 'toolong', SenderFault: true, Code: 'InvalidParameterValue', Message: 'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.' },
      expect.objectContaining({ Id: 'badchar', SenderFault: true, Code: 'InvalidMessageContents' }),
    ]);
    const got = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    expect(got.Messages!.map((m) => m.Body)).toEqual(['one', 'two']);
    const del = await sb.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'a', ReceiptHandle: got.Messages![0]!.ReceiptHandle },
          { Id: 'b', ReceiptHandle: 'garbage' },
        ],
      }),
    );
    expect(del.Successful).toEqual([{ Id: 'a' }]);
    expect(del.Failed![0]).toMatchObject({ Id: 'b', Code: 'ReceiptHandleIsInvalid', SenderFault: true });
    const dup = await sdkError(sb.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'x', MessageBody: 'a' }, { Id: 'x', MessageBody: 'b' }] })));
    expect(dup.name).toBe('BatchEntryIdsNotDistinct');
    const empty = await sdkError(sb.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [] })));
    expect(empty.name).toBe('EmptyBatchRequest');
    const many = await sdkError(
      sb.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x' })) })),
    );
    expect(many.name).toBe('TooManyEntriesInBatchRequest');
  });

  test('redrive to the DLQ after maxReceiveCount receives', async () => {
    const dlqUrl = await createQueue('m-dlq');
    const url = await createQueue('m-source', {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:m-dlq', maxReceiveCount: 2 }),
    });
    await sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'poison' }));
    for (let i = 1; i <= 2; i++) {
      const got = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
      expect(got.Messages![0]!.Attributes!.ApproximateReceiveCount).toBe(String(i));
    }
    expect((await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    const dead = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MessageSystemAttributeNames: ['DeadLetterQueueSourceArn'] }));
    expect(dead.Messages![0]!.Body).toBe('poison');
    expect(dead.Messages![0]!.Attributes!.DeadLetterQueueSourceArn).toBe('arn:aws:sqs:us-east-1:000000000000:m-source');
    const missing = await sdkError(
      createQueue('m-source2', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:nope', maxReceiveCount: 2 }) }),
    );
    expect(missing.message).toMatch(/Reason: Dead letter target does not exist\.$/);
  });
});

describe('FIFO', () => {
  test('MessageGroupId required, dedup id or content-based dedup required, no per-message delay', async () => {
    const url = await createQueue('f-rules.fifo', { FifoQueue: 'true' });
    const noGroup = await sdkError(sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageDeduplicationId: 'd' })));
    expect(noGroup.name).toBe('MissingParameter');
    expect(noGroup.message).toBe('The request must contain the parameter MessageGroupId.');
    const noDedup = await sdkError(sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g' })));
    expect(noDedup.message).toBe('The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
    const delay = await sdkError(
      sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd', DelaySeconds: 2 })),
    );
    expect(delay.message).toBe('Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.');
    const badGroup = await sdkError(sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'group 123', MessageDeduplicationId: 'd' })));
    expect(badGroup.message).toBe(
      'Value group 123 for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.',
    );
  });

  test('deduplication: duplicate accepted with the same MessageId and not delivered; content-based dedup', async () => {
    const url = await createQueue('f-dedup.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    const a = await sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'same', MessageGroupId: 'g' }));
    const b = await sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'same', MessageGroupId: 'g' }));
    expect(b.MessageId).toBe(a.MessageId);
    expect(b.SequenceNumber).toBe(a.SequenceNumber);
    const c = await sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'same', MessageGroupId: 'g', MessageDeduplicationId: 'explicit' }));
    expect(c.MessageId).not.toBe(a.MessageId);
    expect(c.SequenceNumber).toMatch(/^[0-9]{20}$/);
    expect(BigInt(c.SequenceNumber!) > BigInt(a.SequenceNumber!)).toBe(true);
    const got = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }));
    expect(got.Messages!.map((m) => m.MessageId)).toEqual([a.MessageId, c.MessageId]);
    expect(got.Messages![0]!.Attributes).toMatchObject({ MessageGroupId: 'g', SequenceNumber: a.SequenceNumber });
    expect(got.Messages![1]!.Attributes!.MessageDeduplicationId).toBe('explicit');
  });

  test('per-group ordering; a group with a message in flight is blocked, other groups are not', async () => {
    const url = await createQueue('f-order.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    for (const [g, body] of [['A', 'a1'], ['B', 'b1'], ['A', 'a2'], ['B', 'b2']] as const) {
      await sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: g }));
    }
    const first = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 1 }));
    expect(first.Messages![0]!.Body).toBe('a1');
    const second = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    expect(second.Messages!.map((m) => m.Body)).toEqual(['b1', 'b2']);
    expect((await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    await sb.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first.Messages![0]!.ReceiptHandle }));
    expect((await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages![0]!.Body).toBe('a2');
  });

  test('the deduplication window is 5 minutes; DeduplicationScope messageGroup dedups per group', async () => {
    const url = await createQueue('f-window.fifo', { FifoQueue: 'true' });
    const first = await sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
    // Let the window pass without waiting five minutes.
    sb.ctx.db.prepare("UPDATE sqs_dedup SET expires_at = ? WHERE dedup_id = 'd1'").run(Date.now() - 1);
    const later = await sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
    expect(later.MessageId).not.toBe(first.MessageId);

    const perGroup = await createQueue('f-scope.fifo', { FifoQueue: 'true', DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' });
    const a = await sb.sqs.send(new SendMessageCommand({ QueueUrl: perGroup, MessageBody: 'x', MessageGroupId: 'a', MessageDeduplicationId: 'same' }));
    const b = await sb.sqs.send(new SendMessageCommand({ QueueUrl: perGroup, MessageBody: 'x', MessageGroupId: 'b', MessageDeduplicationId: 'same' }));
    const a2 = await sb.sqs.send(new SendMessageCommand({ QueueUrl: perGroup, MessageBody: 'x', MessageGroupId: 'a', MessageDeduplicationId: 'same' }));
    expect(b.MessageId).not.toBe(a.MessageId);
    expect(a2.MessageId).toBe(a.MessageId);
  });

  test('standard queues accept MessageGroupId', async () => {
    const url = await createQueue('f-fair');
    const out = await sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'fair', MessageGroupId: 'tenant-1' }));
    expect(out.SequenceNumber).toBeUndefined();
    const got = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['MessageGroupId'] }));
    expect(got.Messages![0]!.Attributes).toEqual({ MessageGroupId: 'tenant-1' });
  });
});

describe('more message operations', () => {
  test('ChangeMessageVisibilityBatch with a partial failure', async () => {
    const url = await createQueue('x-cmvb');
    await sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'one' }));
    const got = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    const out = await sb.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'ok', ReceiptHandle: got.Messages![0]!.ReceiptHandle, VisibilityTimeout: 0 },
          { Id: 'bad', ReceiptHandle: 'nope', VisibilityTimeout: 0 },
        ],
      }),
    );
    expect(out.Successful).toEqual([{ Id: 'ok' }]);
    expect(out.Failed).toEqual([expect.objectContaining({ Id: 'bad', Code: 'ReceiptHandleIsInvalid', SenderFault: true })]);
    expect((await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages![0]!.Body).toBe('one');
  });

  test('retention: a message past MessageRetentionPeriod is gone', async () => {
    const url = await createQueue('x-retention', { MessageRetentionPeriod: '60' });
    await sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'old' }));
    await sb.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'new' }));
    // Age the first message past its 60 s retention instead of waiting a minute.
    sb.ctx.db.prepare("UPDATE sqs_messages SET expires_at = ? WHERE body = 'old'").run(Date.now() - 1);
    const got = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    expect(got.Messages!.map((m) => m.Body)).toEqual(['new']);
  });
});

describe('tags, DLQ sources, empty long poll', () => {
  test('CreateQueue tags, TagQueue, UntagQueue, ListQueueTags', async () => {
    const url = (await sb.sqs.send(new CreateQueueCommand({ QueueName: 't-tags', tags: { team: 'payments' } }))).QueueUrl!;
    await sb.sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { env: 'dev', owner: 'me' } }));
    await sb.sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: ['owner'] }));
    expect((await sb.sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags).toEqual({ env: 'dev', team: 'payments' });
  });

  test('ListDeadLetterSourceQueues', async () => {
    const dlq = await createQueue('t-dlq');
    const src = await createQueue('t-src', {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:t-dlq', maxReceiveCount: '3' }),
    });
    expect((await sb.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq }))).queueUrls).toEqual([src]);
    const attrs = await sb.sqs.send(new GetQueueAttributesCommand({ QueueUrl: src, AttributeNames: ['RedrivePolicy'] }));
    expect(JSON.parse(attrs.Attributes!.RedrivePolicy!)).toEqual({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:t-dlq', maxReceiveCount: 3 });
  });

  test('a long poll with nothing to receive returns empty after WaitTimeSeconds', async () => {
    const url = await createQueue('t-empty-poll');
    const started = Date.now();
    const out = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }));
    expect(out.Messages).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });
});
