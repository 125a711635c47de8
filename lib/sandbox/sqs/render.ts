import 'server-only';
import type { SandboxResponse } from '@/lib/sandbox/types';
import { XML_DECLARATION, xmlEscape } from '@/lib/sandbox/http';
import type { OutObject, OutValue } from './context';
import { emptyRecord, own } from '@/lib/records';

export const SQS_XML_NAMESPACE = 'http://queue.amazonaws.com/doc/2012-11-05/';

/** AWS JSON 1.0 success: absent members omitted, no nulls (aws-reference C.2). */
export function renderJson(out: OutObject, requestId: string): SandboxResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId },
    body: hasBuffer(out) ? JSON.stringify(out, blobsAsBase64) : JSON.stringify(out),
  };
}

function hasBuffer(v: OutValue | undefined): boolean {
  if (v === undefined || typeof v !== 'object') return false;
  if (Buffer.isBuffer(v)) return true;
  return Array.isArray(v) ? v.some(hasBuffer) : Object.values(v).some(hasBuffer);
}

/** Blobs are base64 strings in AWS JSON (Buffer#toJSON runs before a replacer sees the value). */
function blobsAsBase64(_key: string, v: unknown): unknown {
  if (v && typeof v === 'object' && 'type' in v && v.type === 'Buffer' && 'data' in v && Array.isArray(v.data)) {
    return Buffer.from(v.data as number[]).toString('base64');
  }
  return v;
}

// ---------------------------------------------------------------------------------------------------------- XML

/** Flattened list members of the query protocol's XML: member name → element name per item. */
const xmlListElement: Record<string, (op: string) => string> = {
  QueueUrls: () => 'QueueUrl',
  queueUrls: () => 'QueueUrl',
  Messages: () => 'Message',
  Successful: (op) => `${op}ResultEntry`,
  Failed: () => 'BatchResultErrorEntry',
  Results: () => 'ListMessageMoveTasksResultEntry',
};

function xmlValue(v: OutValue): string {
  if (Buffer.isBuffer(v)) return v.toString('base64');
  return xmlEscape(String(v));
}

function xmlMembers(op: string, obj: OutObject): string {
  let s = '';
  for (const [name, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) {
      const element = own(xmlListElement, name)?.(op) ?? name;
      for (const item of v) {
        s += item !== null && typeof item === 'object' && !Buffer.isBuffer(item) && !Array.isArray(item)
          ? `<${element}>${xmlMembers(op, item)}</${element}>`
          : `<${element}>${xmlValue(item)}</${element}>`;
      }
    } else if (name === 'Attributes' && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const [k, val] of Object.entries(v)) {
        if (val !== undefined) s += `<Attribute><Name>${xmlEscape(k)}</Name><Value>${xmlValue(val as OutValue)}</Value></Attribute>`;
      }
    } else if (name === 'Tags' && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const [k, val] of Object.entries(v)) {
        if (val !== undefined) s += `<Tag><Key>${xmlEscape(k)}</Key><Value>${xmlValue(val as OutValue)}</Value></Tag>`;
      }
    } else if (name === 'MessageAttributes' && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const [k, val] of Object.entries(v)) {
        if (val && typeof val === 'object' && !Buffer.isBuffer(val) && !Array.isArray(val)) {
          s += `<MessageAttribute><Name>${xmlEscape(k)}</Name><Value>${xmlMembers(op, val)}</Value></MessageAttribute>`;
        }
      }
    } else if (typeof v === 'object' && !Buffer.isBuffer(v)) {
      s += `<${name}>${xmlMembers(op, v)}</${name}>`;
    } else {
      s += `<${name}>${xmlValue(v)}</${name}>`;
    }
  }
  return s;
}

/** Query-protocol success as compact XML (aws-reference C.1). Operations without output have no `…Result` element. */
export function renderQueryXml(op: string, out: OutObject, requestId: string, hasResult: boolean): SandboxResponse {
  const result = hasResult ? `<${op}Result>${xmlMembers(op, out)}</${op}Result>` : '';
  const body =
    `${XML_DECLARATION}<${op}Response xmlns="${SQS_XML_NAMESPACE}">${result}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${op}Response>`;
  return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
}

// ----------------------------------------------------------------------------------------------- query as JSON

/**
 * Members of each result shape, so the JSON rendering of a query response can list absent ones as null (the
 * AWS-verified SendMessage rendering does, aws-reference C.1). Lists use a lower-camel key (`messages` is verified for
 * ReceiveMessage; the others follow the same convention; AWS does not document it).
 */
const resultMembers: Record<string, string[]> = {
  SendMessage: ['MD5OfMessageAttributes', 'MD5OfMessageBody', 'MD5OfMessageSystemAttributes', 'MessageId', 'SequenceNumber'],
  CreateQueue: ['QueueUrl'],
  GetQueueUrl: ['QueueUrl'],
  ListQueues: ['NextToken', 'QueueUrls'],
  GetQueueAttributes: ['Attributes'],
  ReceiveMessage: ['Messages'],
  SendMessageBatch: ['Failed', 'Successful'],
  DeleteMessageBatch: ['Failed', 'Successful'],
  ChangeMessageVisibilityBatch: ['Failed', 'Successful'],
  ListQueueTags: ['Tags'],
  ListDeadLetterSourceQueues: ['NextToken', 'queueUrls'],
};
const nestedMembers: Record<string, string[]> = {
  Messages: ['Attributes', 'Body', 'MD5OfBody', 'MD5OfMessageAttributes', 'MessageAttributes', 'MessageId', 'ReceiptHandle'],
  Successful: ['Id', 'MD5OfMessageAttributes', 'MD5OfMessageBody', 'MD5OfMessageSystemAttributes', 'MessageId', 'SequenceNumber'],
  Failed: ['Code', 'Id', 'Message', 'SenderFault'],
};
const attributeValueMembers = ['BinaryListValues', 'BinaryValue', 'DataType', 'StringListValues', 'StringValue'];

type Json = null | string | number | boolean | Json[] | { [k: string]: Json };

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function sortKeys(obj: Record<string, Json>): Record<string, Json> {
  return Object.fromEntries(Object.entries(obj).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function jsonPlain(v: OutValue | undefined): Json {
  if (v === undefined) return null;
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (Array.isArray(v)) return v.map(jsonPlain);
  if (typeof v === 'object') return sortKeys(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonPlain(x)])));
  return v;
}

function jsonStruct(obj: OutObject, members: string[], op: string): Record<string, Json> {
  const out = emptyRecord<Json>();
  const names = new Set([...members, ...Object.keys(obj)]);
  for (const name of names) {
    const v = obj[name];
    const nested = own(nestedMembers, name);
    if (Array.isArray(v) || (nested && v === undefined)) {
      const items = Array.isArray(v) ? v : undefined;
      out[name === 'queueUrls' ? name : lowerFirst(name)] = items
        ? items.map((item) =>
            nested && item && typeof item === 'object' && !Buffer.isBuffer(item) && !Array.isArray(item)
              ? jsonStruct(item, nested, op)
              : jsonPlain(item),
          )
        : null;
    } else if (name === 'MessageAttributes' && v && typeof v === 'object' && !Buffer.isBuffer(v)) {
      out[name] = Object.fromEntries(
        Object.entries(v).map(([k, a]) => [
          k,
          a && typeof a === 'object' && !Buffer.isBuffer(a) && !Array.isArray(a) ? jsonStruct(a, attributeValueMembers, op) : null,
        ]),
      );
    } else {
      out[name] = jsonPlain(v);
    }
  }
  return sortKeys(out);
}

/** Query-protocol success rendered as JSON for `Accept: application/json` (the AWS Knowledge Center article's shape; aws-reference C.1). */
export function renderQueryJson(op: string, out: OutObject, requestId: string, hasResult: boolean): SandboxResponse {
  const response: Record<string, Json> = { ResponseMetadata: { RequestId: requestId } };
  if (hasResult) response[`${op}Result`] = jsonStruct(out, own(resultMembers, op) ?? [], op);
  return {
    status: 200,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId },
    body: JSON.stringify({ [`${op}Response`]: sortKeys(response) }),
  };
}
