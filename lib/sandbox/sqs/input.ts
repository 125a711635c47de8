import 'server-only';
import type { MessageAttributeValue } from './model';
import { type SqsError, sqsErrors } from './errors';
import { emptyRecord, own } from '@/lib/records';

/** How a request member is encoded: JSON member name = key in the spec; `query` = the query protocol's name. */
export type FieldSpec =
  | { kind: 'string' }
  | { kind: 'int' }
  | { kind: 'bool' }
  | { kind: 'stringList'; query: string }
  | { kind: 'stringMap'; query: string; keyName: 'Name' | 'Key' }
  | { kind: 'messageAttributes'; query: string }
  | { kind: 'entries'; query: string; fields: Record<string, FieldSpec> };

export type Entry = { [member: string]: Value };
export type Value =
  | string
  | number
  | boolean
  | string[]
  | Record<string, string>
  | Record<string, MessageAttributeValue>
  | Entry[];

const S = { kind: 'string' } as const;
const I = { kind: 'int' } as const;
const messageAttributes = (query: string) => ({ kind: 'messageAttributes', query }) as const;

const sendFields: Record<string, FieldSpec> = {
  MessageBody: S,
  DelaySeconds: I,
  MessageAttributes: messageAttributes('MessageAttribute'),
  MessageSystemAttributes: messageAttributes('MessageSystemAttribute'),
  MessageDeduplicationId: S,
  MessageGroupId: S,
};

/** Request members of every supported operation (SDK-SQS model; query names from the 2012-11-05 query API). */
export const operationSpecs: Record<string, Record<string, FieldSpec>> = {
  CreateQueue: {
    QueueName: S,
    Attributes: { kind: 'stringMap', query: 'Attribute', keyName: 'Name' },
    tags: { kind: 'stringMap', query: 'Tag', keyName: 'Key' },
  },
  GetQueueUrl: { QueueName: S, QueueOwnerAWSAccountId: S },
  GetQueueAttributes: { QueueUrl: S, AttributeNames: { kind: 'stringList', query: 'AttributeName' } },
  SetQueueAttributes: { QueueUrl: S, Attributes: { kind: 'stringMap', query: 'Attribute', keyName: 'Name' } },
  ListQueues: { QueueNamePrefix: S, MaxResults: I, NextToken: S },
  DeleteQueue: { QueueUrl: S },
  PurgeQueue: { QueueUrl: S },
  SendMessage: { QueueUrl: S, ...sendFields },
  SendMessageBatch: {
    QueueUrl: S,
    Entries: { kind: 'entries', query: 'SendMessageBatchRequestEntry', fields: { Id: S, ...sendFields } },
  },
  ReceiveMessage: {
    QueueUrl: S,
    AttributeNames: { kind: 'stringList', query: 'AttributeName' },
    MessageSystemAttributeNames: { kind: 'stringList', query: 'MessageSystemAttributeName' },
    MessageAttributeNames: { kind: 'stringList', query: 'MessageAttributeName' },
    MaxNumberOfMessages: I,
    VisibilityTimeout: I,
    WaitTimeSeconds: I,
    ReceiveRequestAttemptId: S,
  },
  DeleteMessage: { QueueUrl: S, ReceiptHandle: S },
  DeleteMessageBatch: {
    QueueUrl: S,
    Entries: { kind: 'entries', query: 'DeleteMessageBatchRequestEntry', fields: { Id: S, ReceiptHandle: S } },
  },
  ChangeMessageVisibility: { QueueUrl: S, ReceiptHandle: S, VisibilityTimeout: I },
  ChangeMessageVisibilityBatch: {
    QueueUrl: S,
    Entries: {
      kind: 'entries',
      query: 'ChangeMessageVisibilityBatchRequestEntry',
      fields: { Id: S, ReceiptHandle: S, VisibilityTimeout: I },
    },
  },
  ListQueueTags: { QueueUrl: S },
  TagQueue: { QueueUrl: S, Tags: { kind: 'stringMap', query: 'Tag', keyName: 'Key' } },
  UntagQueue: { QueueUrl: S, TagKeys: { kind: 'stringList', query: 'TagKey' } },
  ListDeadLetterSourceQueues: { QueueUrl: S, MaxResults: I, NextToken: S },
  AddPermission: {
    QueueUrl: S,
    Label: S,
    AWSAccountIds: { kind: 'stringList', query: 'AWSAccountId' },
    Actions: { kind: 'stringList', query: 'ActionName' },
  },
  RemovePermission: { QueueUrl: S, Label: S },
  StartMessageMoveTask: { SourceArn: S, DestinationArn: S, MaxNumberOfMessagesPerSecond: I },
  ListMessageMoveTasks: { SourceArn: S, MaxResults: I },
  CancelMessageMoveTask: { TaskHandle: S },
};

// ---------------------------------------------------------------------------------------------------- JSON protocol

function jsonKind(v: unknown): string {
  if (typeof v === 'string') return 'STRING_VALUE';
  if (typeof v === 'number') return 'NUMBER_VALUE';
  if (v === true) return 'TRUE_VALUE';
  if (v === false) return 'FALSE_VALUE';
  if (Array.isArray(v)) return 'START_ARRAY';
  return 'START_OBJECT';
}

/** Messages in the style of AWS's JSON framework (Coral), aws-reference C.3 SerializationException row. */
function typeMismatch(v: unknown, expected: 'String' | 'Integer' | 'Boolean' | 'structure' | 'list' | 'map'): SqsError {
  if (Array.isArray(v)) return sqsErrors.serialization('Start of list found where not expected');
  if (v !== null && typeof v === 'object') return sqsErrors.serialization('Start of structure or map found where not expected.');
  if (expected === 'structure' || expected === 'map') return sqsErrors.serialization(`${jsonKind(v)} can not be converted to a structure`);
  if (expected === 'list') return sqsErrors.serialization(`${jsonKind(v)} can not be converted to a list`);
  return sqsErrors.serialization(`${jsonKind(v)} can not be converted to ${expected === 'Integer' ? 'an' : 'a'} ${expected}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function decodeBase64Strict(s: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 === 1) {
    throw sqsErrors.serialization('Base64 encoded value is invalid.');
  }
  return Buffer.from(s, 'base64');
}

function decodeJsonField(spec: FieldSpec, v: unknown): Value {
  switch (spec.kind) {
    case 'string':
      if (typeof v !== 'string') throw typeMismatch(v, 'String');
      return v;
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw typeMismatch(v, 'Integer');
      return v;
    case 'bool':
      if (typeof v !== 'boolean') throw typeMismatch(v, 'Boolean');
      return v;
    case 'stringList':
      if (!Array.isArray(v)) throw typeMismatch(v, 'list');
      return v.map((x) => {
        if (typeof x !== 'string') throw typeMismatch(x, 'String');
        return x;
      });
    case 'stringMap': {
      if (!isRecord(v)) throw typeMismatch(v, 'map');
      const out = emptyRecord<string>();
      for (const [k, x] of Object.entries(v)) {
        if (typeof x !== 'string') throw typeMismatch(x, 'String');
        out[k] = x;
      }
      return out;
    }
    case 'messageAttributes': {
      if (!isRecord(v)) throw typeMismatch(v, 'map');
      const out = emptyRecord<MessageAttributeValue>();
      for (const [k, x] of Object.entries(v)) {
        if (!isRecord(x)) throw typeMismatch(x, 'structure');
        const attr: MessageAttributeValue = { DataType: '' };
        if (x.DataType !== undefined && x.DataType !== null) {
          if (typeof x.DataType !== 'string') throw typeMismatch(x.DataType, 'String');
          attr.DataType = x.DataType;
        }
        if (x.StringValue !== undefined && x.StringValue !== null) {
          if (typeof x.StringValue !== 'string') throw typeMismatch(x.StringValue, 'String');
          attr.StringValue = x.StringValue;
        }
        if (x.BinaryValue !== undefined && x.BinaryValue !== null) {
          if (typeof x.BinaryValue !== 'string') throw typeMismatch(x.BinaryValue, 'String');
          attr.BinaryValue = decodeBase64Strict(x.BinaryValue);
        }
        out[k] = attr;
      }
      return out;
    }
    case 'entries':
      if (!Array.isArray(v)) throw typeMismatch(v, 'list');
      return v.map((x) => {
        if (!isRecord(x)) throw typeMismatch(x, 'structure');
        return decodeJsonMembers(spec.fields, x);
      });
  }
}

function decodeJsonMembers(fields: Record<string, FieldSpec>, obj: Record<string, unknown>): Entry {
  const out: Entry = {};
  for (const [name, spec] of Object.entries(fields)) {
    const v = own(obj, name);
    if (v === undefined || v === null) continue;
    out[name] = decodeJsonField(spec, v);
  }
  return out;
}

/** Decodes an AWS JSON 1.0 request body; SerializationException for invalid JSON or a member of the wrong type. */
export function decodeJsonInput(operation: string, body: Buffer): Entry {
  const text = body.toString('utf8');
  let parsed: unknown = {};
  if (text.trim() !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw sqsErrors.serialization('Unexpected character or end of input: the request body is not valid JSON.');
    }
  }
  if (!isRecord(parsed)) throw typeMismatch(parsed, 'structure');
  return decodeJsonMembers(own(operationSpecs, operation) ?? {}, parsed);
}

// --------------------------------------------------------------------------------------------------- query protocol

/** Groups `Prefix.N.rest=value` parameters by N (numeric order); accepts the query name and the JSON member name. */
function indexed(params: URLSearchParams, prefixes: string[]): Array<Map<string, string>> {
  const groups = new Map<number, Map<string, string>>();
  for (const [key, value] of params) {
    for (const prefix of prefixes) {
      if (!key.startsWith(prefix + '.')) continue;
      const rest = key.slice(prefix.length + 1);
      const dot = rest.indexOf('.');
      const indexText = dot === -1 ? rest : rest.slice(0, dot);
      if (!/^[1-9][0-9]{0,5}$/.test(indexText)) continue;
      const index = Number(indexText);
      let group = groups.get(index);
      if (!group) groups.set(index, (group = new Map()));
      group.set(dot === -1 ? '' : rest.slice(dot + 1), value);
    }
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}

function parseQueryInt(name: string, raw: string): number {
  if (!/^-?[0-9]+$/.test(raw.trim())) throw sqsErrors.invalidValue(raw, name, 'Value must be an integer.');
  return Number(raw.trim());
}

function decodeQueryMembers(fields: Record<string, FieldSpec>, params: URLSearchParams): Entry {
  const out: Entry = {};
  for (const [name, spec] of Object.entries(fields)) {
    switch (spec.kind) {
      case 'string': {
        const v = params.get(name);
        if (v !== null) out[name] = v;
        break;
      }
      case 'int': {
        const v = params.get(name);
        if (v !== null) out[name] = parseQueryInt(name, v);
        break;
      }
      case 'bool': {
        const v = params.get(name);
        if (v !== null) out[name] = v === 'true';
        break;
      }
      case 'stringList': {
        const values = indexed(params, [spec.query, name]).map((g) => g.get('') ?? '');
        const single = params.get(spec.query) ?? params.get(name);
        if (values.length > 0) out[name] = values;
        else if (single !== null) out[name] = [single];
        break;
      }
      case 'stringMap': {
        const groups = indexed(params, [spec.query, name]);
        if (groups.length === 0) break;
        const map = emptyRecord<string>();
        for (const g of groups) {
          const key = g.get(spec.keyName);
          if (key !== undefined) map[key] = g.get('Value') ?? '';
        }
        out[name] = map;
        break;
      }
      case 'messageAttributes': {
        const groups = indexed(params, [spec.query, name]);
        if (groups.length === 0) break;
        const map = emptyRecord<MessageAttributeValue>();
        for (const g of groups) {
          const key = g.get('Name');
          if (key === undefined) continue;
          const attr: MessageAttributeValue = { DataType: g.get('Value.DataType') ?? '' };
          const sv = g.get('Value.StringValue');
          if (sv !== undefined) attr.StringValue = sv;
          const bv = g.get('Value.BinaryValue');
          if (bv !== undefined) attr.BinaryValue = Buffer.from(bv, 'base64');
          map[key] = attr;
        }
        out[name] = map;
        break;
      }
      case 'entries': {
        const groups = indexed(params, [spec.query, name]);
        if (groups.length === 0) break;
        out[name] = groups.map((g) => {
          const sub = new URLSearchParams();
          for (const [k, v] of g) sub.append(k, v);
          return decodeQueryMembers(spec.fields, sub);
        });
        break;
      }
    }
  }
  return out;
}

/** Decodes query-protocol parameters into the JSON protocol's member structure. */
export function decodeQueryInput(operation: string, params: URLSearchParams): Entry {
  return decodeQueryMembers(own(operationSpecs, operation) ?? {}, params);
}

