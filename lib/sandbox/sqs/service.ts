import 'server-only';
import type Database from 'libsql';
import type { AwsErrorDetails, SandboxContext, SandboxRequest, SandboxResponse, SandboxService } from '@/lib/sandbox/types';
import {
  acceptsJson,
  isFormContentType,
  jsonErrorResponse,
  mediaType,
  newRequestId,
  parseForm,
  parseQueryString,
  queryJsonErrorResponse,
  requestCredential,
  xmlErrorResponse,
} from '@/lib/sandbox/http';
import { SQS_ERRORS } from '@/lib/sqs/errors';
import { SqsError, sqsErrors } from './errors';
import { decodeJsonInput, decodeQueryInput, type Entry } from './input';
import { SqsStore, migrateSqs } from './store';
import { GroupCommitWriter } from './writer';
import { SequenceNumbers, Waiters, type OpContext, type OutObject, type QueueRef, type SqsOperationInfo, type SqsRuntime } from './context';
import * as moveTasks from './move-tasks';
import { MoveTasks } from './move-tasks';
import { addPermission, removePermission } from './permissions';
import * as queues from './queues';
import * as messages from './messages';
import { SQS_XML_NAMESPACE, renderJson, renderQueryJson, renderQueryXml } from './render';

type Operation = SqsOperationInfo & {
  run: (ctx: OpContext, input: Entry) => OutObject | Promise<OutObject>;
  /** Whether the query protocol's response has a `<{Op}Result>` element. */
  hasResult: boolean;
  /** Names no queue: AWS rejects it when sent to a queue URL (aws-reference C.1). */
  accountLevel?: boolean;
};

type Row = [name: string, run: Operation['run'], hasResult: boolean, iamAction: string, crossAccount: boolean, accountLevel?: boolean];

// Which actions another account can be granted: SQS-DG "Amazon SQS API permissions: Actions and resource reference".
const rows: Row[] = [
  ['CreateQueue', queues.createQueue, true, 'sqs:CreateQueue', false, true],
  ['GetQueueUrl', queues.getQueueUrl, true, 'sqs:GetQueueUrl', true, true],
  ['GetQueueAttributes', queues.getQueueAttributes, true, 'sqs:GetQueueAttributes', true],
  ['SetQueueAttributes', queues.setQueueAttributes, false, 'sqs:SetQueueAttributes', false],
  ['ListQueues', queues.listQueues, true, 'sqs:ListQueues', false, true],
  ['DeleteQueue', queues.deleteQueue, false, 'sqs:DeleteQueue', false],
  ['PurgeQueue', queues.purgeQueue, false, 'sqs:PurgeQueue', true],
  ['ListQueueTags', queues.listQueueTags, true, 'sqs:ListQueueTags', false],
  ['TagQueue', queues.tagQueue, false, 'sqs:TagQueue', false],
  ['UntagQueue', queues.untagQueue, false, 'sqs:UntagQueue', false],
  ['ListDeadLetterSourceQueues', queues.listDeadLetterSourceQueues, true, 'sqs:ListDeadLetterSourceQueues', true],
  ['SendMessage', messages.sendMessage, true, 'sqs:SendMessage', true],
  ['SendMessageBatch', messages.sendMessageBatch, true, 'sqs:SendMessage', true],
  ['ReceiveMessage', messages.receiveMessage, true, 'sqs:ReceiveMessage', true],
  ['DeleteMessage', messages.deleteMessage, false, 'sqs:DeleteMessage', true],
  ['DeleteMessageBatch', messages.deleteMessageBatch, true, 'sqs:DeleteMessage', true],
  ['ChangeMessageVisibility', messages.changeMessageVisibility, false, 'sqs:ChangeMessageVisibility', true],
  ['ChangeMessageVisibilityBatch', messages.changeMessageVisibilityBatch, true, 'sqs:ChangeMessageVisibility', true],
  ['AddPermission', (ctx, input) => addPermission(ctx, input, shareableActions, knownActions), false, 'sqs:AddPermission', false],
  ['RemovePermission', removePermission, false, 'sqs:RemovePermission', false],
  ['StartMessageMoveTask', moveTasks.startMessageMoveTask, true, 'sqs:StartMessageMoveTask', false],
  ['ListMessageMoveTasks', moveTasks.listMessageMoveTasks, true, 'sqs:ListMessageMoveTasks', false],
  ['CancelMessageMoveTask', moveTasks.cancelMessageMoveTask, true, 'sqs:CancelMessageMoveTask', false],
];

const table: Operation[] = rows.map(([name, run, hasResult, iamAction, crossAccount, accountLevel]) => ({
  name,
  iamAction,
  run,
  hasResult,
  crossAccount,
  ...(accountLevel ? { accountLevel } : {}),
  notes: name.endsWith('MessageMoveTask') || name === 'ListMessageMoveTasks' ? 'Tasks live in memory: they end when the sandbox stops.' : '',
}));
const operations = new Map(table.map((op) => [op.name, op]));

/** IAM action names (without `sqs:`) that AddPermission can grant, and all SQS action names. */
const knownActions: ReadonlySet<string> = new Set(table.map((op) => op.iamAction.slice('sqs:'.length)));
const shareableActions: ReadonlySet<string> = new Set(table.filter((op) => op.crossAccount).map((op) => op.iamAction.slice('sqs:'.length)));

const runtimes = new WeakMap<Database.Database, SqsRuntime>();

function runtimeFor(db: Database.Database): SqsRuntime {
  let rt = runtimes.get(db);
  if (!rt) {
    const store = new SqsStore(db);
    rt = {
      store,
      writer: new GroupCommitWriter(db),
      waiters: new Waiters(),
      sequence: new SequenceNumbers(store.maxSequenceNumber()),
      purges: new Map(),
      moveTasks: new MoveTasks(),
    };
    runtimes.set(db, rt);
    // Resumes deleting the messages of queues deleted or purged before the last stop.
    store.scheduleReap();
  }
  return rt;
}

type Protocol =
  | { kind: 'json'; operation: string }
  | { kind: 'query'; operation: string; params: URLSearchParams; json: boolean; versioned: boolean };

type ErrorSink = { kind: 'json' } | { kind: 'query'; json: boolean; versioned: boolean };

function renderError(sink: ErrorSink, err: SqsError | AwsErrorDetails, requestId: string): SandboxResponse {
  const isSqs = err instanceof SqsError;
  const queryCode = isSqs ? err.queryCode : err.code;
  if (sink.kind === 'json') {
    return jsonErrorResponse({
      type: isSqs ? `${err.namespace}#${err.shape}` : `com.amazon.coral.service#${err.code}`,
      message: err.message === '' ? undefined : err.message,
      status: err.status,
      queryError: { code: queryCode },
      requestId,
    });
  }
  const opts = {
    code: queryCode,
    message: err.message,
    status: err.status,
    requestId,
    detail: true,
    // Without a Version parameter AWS answered with the 2009-02-01 namespace (aws-reference C.1).
    namespace: sink.versioned ? SQS_XML_NAMESPACE : 'http://queue.amazonaws.com/doc/2009-02-01/',
  };
  return sink.json ? queryJsonErrorResponse(opts) : xmlErrorResponse(opts);
}

/** Which protocol a request speaks: AWS JSON 1.0 by its Content-Type, otherwise the query protocol. */
function detectProtocol(req: SandboxRequest): Protocol | SandboxResponse | SqsError {
  const mt = mediaType(req.headers['content-type']);
  if (mt === 'application/x-amz-json-1.0' || mt === 'application/x-amz-json-1.1') {
    const target = req.headers['x-amz-target'] ?? '';
    const operation = target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : '';
    if (!operations.has(operation)) return sqsErrors.unknownOperation();
    return { kind: 'json', operation };
  }
  const fromQuery = parseQueryString(req.rawQuery);
  if (!fromQuery.ok) return sqsErrors.malformedQueryString(fromQuery.error.message);
  const params = fromQuery.params;
  // The body is read as parameters only when it is declared form-encoded: the cause of API Gateway's typical
  // UnknownOperationException when the integration's Content-Type is not mapped (aws-reference C.3).
  if (isFormContentType(req.headers['content-type']) && req.body.length > 0) {
    const fromBody = parseForm(req.body);
    if (!fromBody.ok) return sqsErrors.malformedQueryString(fromBody.error.message);
    for (const [k, v] of fromBody.params) params.append(k, v);
  }
  const action = params.get('Action');
  if (!action) {
    // AWS-verified: 404 with this bare body, XML even when JSON was asked for (aws-reference C.1).
    return { status: 404, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': newRequestId() }, body: '<UnknownOperationException/>' };
  }
  return { kind: 'query', operation: action, params, json: acceptsJson(req.headers), versioned: params.has('Version') };
}

function pathQueue(path: string): QueueRef | 'root' | undefined {
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length === 0) return 'root';
  if (parts.length !== 2) return undefined;
  try {
    return { accountId: decodeURIComponent(parts[0]!), name: decodeURIComponent(parts[1]!) };
  } catch {
    return undefined;
  }
}

async function handleSqs(req: SandboxRequest, sandbox: SandboxContext): Promise<SandboxResponse> {
  const requestId = newRequestId();
  const detected = detectProtocol(req);
  if (detected instanceof SqsError) {
    const json = mediaType(req.headers['content-type']).startsWith('application/x-amz-json');
    return renderError(json ? { kind: 'json' } : { kind: 'query', json: acceptsJson(req.headers), versioned: true }, detected, requestId);
  }
  if ('status' in detected) return detected;
  const protocol = detected;
  const sink: ErrorSink =
    protocol.kind === 'json' ? { kind: 'json' } : { kind: 'query', json: protocol.json, versioned: protocol.versioned };

  const authn = sandbox.auth.authenticate(req, 'sqs');
  if (!authn.ok) return renderError(sink, authn.error, requestId);

  try {
    const operation = operations.get(protocol.operation);
    if (!operation) throw sqsErrors.invalidAction(protocol.operation);
    const target = pathQueue(req.path);
    if (target === undefined) {
      const scheme = req.protocol === 'https' ? 'https' : 'http';
      throw sqsErrors.accessDenied(`Access to the resource ${scheme}://${req.host}${req.path} is denied.`);
    }
    if (protocol.kind === 'query' && target !== 'root' && operation.accountLevel) {
      throw sqsErrors.invalidAction(protocol.operation);
    }
    const input =
      protocol.kind === 'json'
        ? decodeJsonInput(protocol.operation, req.body)
        : decodeQueryInput(protocol.operation, protocol.params);
    const ctx: OpContext = {
      rt: runtimeFor(sandbox.db),
      config: sandbox.config,
      auth: sandbox.auth,
      principal: authn.principal,
      protocol: protocol.kind,
      region: requestCredential(req)?.region ?? sandbox.config.defaultRegion,
      host: req.host,
      pathQueue: target === 'root' ? undefined : target,
      requestId,
      operation,
      headers: req.headers,
      secure: req.protocol === 'https',
    };
    const out = await operation.run(ctx, input);
    if (protocol.kind === 'json') return renderJson(out, requestId);
    return protocol.json
      ? renderQueryJson(protocol.operation, out, requestId, operation.hasResult)
      : renderQueryXml(protocol.operation, out, requestId, operation.hasResult);
  } catch (err) {
    if (err instanceof SqsError) return renderError(sink, err, requestId);
    console.error('sqs: unexpected error', err);
    return renderError(
      sink,
      new SqsError(SQS_ERRORS.InternalFailure, 'The request processing has failed because of an unknown error, exception or failure.'),
      requestId,
    );
  }
}

/** The operation a request names (X-Amz-Target or the query protocol's Action), if it is one SQS serves. */
function operationOf(req: SandboxRequest): string | undefined {
  const mt = mediaType(req.headers['content-type']);
  let name: string | null = null;
  if (mt.startsWith('application/x-amz-json')) {
    const target = req.headers['x-amz-target'] ?? '';
    name = target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : null;
  } else {
    const q = parseQueryString(req.rawQuery);
    name = q.ok ? q.params.get('Action') : null;
    if (name === null && isFormContentType(req.headers['content-type']) && req.body.length > 0) {
      const form = parseForm(req.body);
      name = form.ok ? form.params.get('Action') : null;
    }
  }
  return name !== null && operations.has(name) ? name : undefined;
}

const QUEUE_PATH = /^\/[0-9]{12}\/[^/]+\/?$/;

/**
 * Amazon SQS, both wire protocols. Claims requests signed for `sqs`, JSON requests with an `AmazonSQS.*` target,
 * requests addressed to an SQS hostname (API Gateway's in-process deliveries), and unsigned requests to a queue URL
 * path (so they get SQS's own authentication error).
 */
export const sqsService: SandboxService & { close(db: Database.Database): void } = {
  name: 'sqs',
  migrate: migrateSqs,
  matches(req, routing) {
    if (routing.scopeService !== undefined) return routing.scopeService === 'sqs';
    if (routing.target?.startsWith('AmazonSQS.')) return true;
    const host = req.host.toLowerCase();
    if (/^sqs\.[a-z0-9-]+\.amazonaws\.com(:\d+)?$/.test(host) || /(^|\.)queue\.amazonaws\.com(:\d+)?$/.test(host)) return true;
    return QUEUE_PATH.test(req.path);
  },
  handle: handleSqs,
  operations: table.map(({ name, iamAction, notes }) => ({ name, iamAction, notes })),
  operationOf,
  close(db) {
    const rt = runtimes.get(db);
    if (!rt) return;
    rt.writer.flush();
    rt.waiters.close();
    rt.store.stopReaping();
    rt.moveTasks.close();
    runtimes.delete(db);
  },
};

