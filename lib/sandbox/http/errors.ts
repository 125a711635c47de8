import 'server-only';
import { randomUUID } from 'node:crypto';
import type { SandboxResponse } from '@/lib/sandbox/types';
import { XML_DECLARATION, xmlEscape } from './xml';

export function newRequestId(): string {
  return randomUUID();
}

export type XmlErrorOptions = {
  code: string;
  message: string;
  status: number;
  /** `Sender` (client error, the default) or `Receiver`. */
  type?: 'Sender' | 'Receiver';
  /** e.g. `http://queue.amazonaws.com/doc/2012-11-05/`, `https://iam.amazonaws.com/doc/2010-05-08/`. */
  namespace?: string;
  requestId?: string;
  /** SQS adds an empty `<Detail/>` element (aws-reference C.1); IAM/STS do not. */
  detail?: boolean;
};

/** Query-protocol error: `<ErrorResponse xmlns=…><Error><Type/><Code/><Message/>[<Detail/>]</Error><RequestId/></ErrorResponse>`. */
export function xmlErrorResponse(opts: XmlErrorOptions): SandboxResponse {
  const requestId = opts.requestId ?? newRequestId();
  const ns = opts.namespace ? ` xmlns="${xmlEscape(opts.namespace)}"` : '';
  const body =
    `${XML_DECLARATION}<ErrorResponse${ns}><Error><Type>${opts.type ?? 'Sender'}</Type>` +
    `<Code>${xmlEscape(opts.code)}</Code><Message>${xmlEscape(opts.message)}</Message>` +
    `${opts.detail ? '<Detail/>' : ''}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return {
    status: opts.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body,
  };
}

export type JsonErrorOptions = {
  /** Full `__type`, e.g. `com.amazonaws.sqs#QueueDoesNotExist` or `com.amazon.coral.service#SerializationException`. */
  type: string;
  /** Omitted from the body when undefined (Coral's UnknownOperationException carries none). */
  message?: string;
  status: number;
  /** awsQuery-compatible services (SQS): `x-amzn-query-error: <query code>;Sender` (aws-reference C.2). */
  queryError?: { code: string; fault?: 'Sender' | 'Receiver' };
  requestId?: string;
  /** Defaults to `application/x-amz-json-1.0`. */
  contentType?: string;
};

/** AWS JSON 1.0/1.1 error: `{"__type": "...", "message": "..."}` with `x-amzn-RequestId`. */
export function jsonErrorResponse(opts: JsonErrorOptions): SandboxResponse {
  const requestId = opts.requestId ?? newRequestId();
  const headers: Record<string, string> = {
    'content-type': opts.contentType ?? 'application/x-amz-json-1.0',
    'x-amzn-requestid': requestId,
  };
  if (opts.queryError) headers['x-amzn-query-error'] = `${opts.queryError.code};${opts.queryError.fault ?? 'Sender'}`;
  const body = opts.message === undefined ? { __type: opts.type } : { __type: opts.type, message: opts.message };
  return { status: opts.status, headers, body: JSON.stringify(body) };
}

/**
 * Query-protocol error rendered as JSON, for query requests sent with `Accept: application/json` (what API Gateway
 * sends). Shape `{"Error":{"Code","Detail","Message","Type"},"RequestId"}` — keys alphabetical like the verified
 * success rendering; AWS does not document the keys besides Code/Message (aws-reference C.1).
 */
export function queryJsonErrorResponse(opts: XmlErrorOptions): SandboxResponse {
  const requestId = opts.requestId ?? newRequestId();
  const body = JSON.stringify({
    Error: { Code: opts.code, Detail: null, Message: opts.message, Type: opts.type ?? 'Sender' },
    RequestId: requestId,
  });
  return { status: opts.status, headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId }, body };
}

/** True when the client asked for JSON (`Accept: application/json`), as API Gateway's AWS integrations do. */
export function acceptsJson(headers: Record<string, string>): boolean {
  const accept = headers['accept'];
  if (!accept) return false;
  return accept
    .split(',')
    .map((p) => p.split(';')[0]!.trim().toLowerCase())
    .some((t) => t === 'application/json');
}
