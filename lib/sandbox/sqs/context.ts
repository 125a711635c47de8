import 'server-only';
import { createHash } from 'node:crypto';
import { combineIdentityAndResource, deniedMessage, evaluateResourcePolicy, type EvalDecision } from '@/lib/iam';
import type { OperationInfo, Principal, SandboxAuth, SandboxConfig } from '@/lib/sandbox/types';
import { newRequestId } from '@/lib/sandbox/http';
import type { MessageAttributeValue, QueueRecord } from './model';
import type { Entry } from './input';
import type { SqsStore } from './store';
import type { GroupCommitWriter } from './writer';
import type { MoveTasks } from './move-tasks';
import { sqsErrors } from './errors';
import { emptyRecord } from '@/lib/records';

/** A response member: JSON-protocol shape; Buffers are blobs (base64 on the wire). */
export type OutValue = string | number | boolean | Buffer | OutValue[] | OutObject;
export type OutObject = { [member: string]: OutValue | undefined };

/** Long-polling receivers waiting for a queue to get messages. */
export class Waiters {
  private readonly byQueue = new Map<number, Set<() => void>>();
  private closed = false;

  /** Resolves on {@link notify} for the queue, after `ms`, or on close. */
  wait(queueId: number, ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      let set = this.byQueue.get(queueId);
      if (!set) this.byQueue.set(queueId, (set = new Set()));
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0) this.byQueue.delete(queueId);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      set.add(done);
    });
  }

  notify(queueId: number): void {
    const set = this.byQueue.get(queueId);
    if (set) for (const fn of [...set]) fn();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.closed = true;
    for (const set of [...this.byQueue.values()]) for (const fn of [...set]) fn();
  }
}

/** FIFO sequence numbers: 20-digit strings, strictly increasing across restarts (starting from the stored maximum). */
export class SequenceNumbers {
  private last: bigint;

  constructor(stored: string | undefined) {
    this.last = stored ? BigInt(stored) : 0n;
  }

  next(): string {
    const candidate = 10n ** 19n + BigInt(Date.now()) * 1_000_000n;
    this.last = candidate > this.last ? candidate : this.last + 1n;
    return this.last.toString();
  }
}

/** Everything shared by the SQS operations for the lifetime of one sandbox. */
export type SqsRuntime = {
  store: SqsStore;
  writer: GroupCommitWriter;
  waiters: Waiters;
  sequence: SequenceNumbers;
  /** When each queue was last purged (PurgeQueue's 60-second rule). */
  purges: Map<number, number>;
  moveTasks: MoveTasks;
};

export type QueueRef = { accountId: string; name: string };

/** One operation call. */
export type OpContext = {
  rt: SqsRuntime;
  config: SandboxConfig;
  auth: SandboxAuth;
  principal: Principal;
  protocol: 'json' | 'query';
  /** Region the request was signed for (defaults to the sandbox's region). */
  region: string;
  /** Host the request was addressed to, e.g. `127.0.0.1:4566` or `sqs.us-east-1.amazonaws.com`. */
  host: string;
  /** Queue named by the request path (`/{account}/{name}`), if any. */
  pathQueue: QueueRef | undefined;
  requestId: string;
  /** The route-table entry being served: its IAM action is what {@link authorize} evaluates. */
  operation: SqsOperationInfo;
  /** Request headers (lower-cased names), for `X-Amzn-Trace-Id`. */
  headers: Record<string, string>;
  /** Whether the request arrived over TLS (`aws:SecureTransport`). */
  secure: boolean;
};

export type SqsOperationInfo = OperationInfo & {
  /**
   * Whether a queue policy can grant the action to another account. SQS-DG "Amazon SQS API permissions": AddPermission,
   * CreateQueue, DeleteQueue, ListQueues, ListQueueTags, RemovePermission, SetQueueAttributes, TagQueue, UntagQueue and
   * the message move tasks are for the queue owner only.
   */
  crossAccount: boolean;
};

export function queueArn(region: string, ref: QueueRef): string {
  return `arn:aws:sqs:${region}:${ref.accountId}:${ref.name}`;
}

export function isAwsHost(host: string): boolean {
  return /\.amazonaws\.com(:\d+)?$/i.test(host);
}

/** Queue URL as the caller addressed the service: AWS-style for amazonaws.com hosts, else the sandbox endpoint. */
export function queueUrl(ctx: OpContext, q: QueueRef): string {
  if (isAwsHost(ctx.host)) return `https://sqs.${ctx.region}.amazonaws.com/${q.accountId}/${q.name}`;
  const base = ctx.host ? `http://${ctx.host}` : ctx.config.endpointUrl;
  return `${base}/${q.accountId}/${q.name}`;
}

/**
 * The QueueUrl host rule (InvalidAddress, aws-reference C.1/C.3/C.5): a QueueUrl is accepted when its host is the host
 * the request was sent to, the sandbox endpoint (also as localhost/127.0.0.1 on the same port), or one of the SQS
 * hostnames AWS serves for the request's region — `sqs.{region}.amazonaws.com`, `{region}.queue.amazonaws.com`, and
 * `queue.amazonaws.com` for us-east-1. Any other host (e.g. another region's endpoint) is InvalidAddress, the same as
 * AWS answering `The address https://queue.amazonaws.com/ is not valid for this endpoint.` outside us-east-1.
 */
export function isValidQueueUrlHost(ctx: OpContext, url: URL): boolean {
  const host = url.host.toLowerCase();
  const hostname = url.hostname.toLowerCase();
  if (host === ctx.host.toLowerCase()) return true;
  const endpoint = endpointOf(ctx.config.endpointUrl || 'http://127.0.0.1:4566');
  if (host === endpoint.host.toLowerCase()) return true;
  if ((hostname === 'localhost' || hostname === '127.0.0.1') && url.port === endpoint.port) return true;
  const awsHosts = [`sqs.${ctx.region}.amazonaws.com`, `${ctx.region}.queue.amazonaws.com`];
  if (ctx.region === 'us-east-1') awsHosts.push('queue.amazonaws.com');
  return awsHosts.includes(hostname) && (url.port === '' || url.port === '443');
}

let endpointCache: { text: string; url: URL } | undefined;

function endpointOf(text: string): URL {
  if (endpointCache?.text !== text) endpointCache = { text, url: new URL(text) };
  return endpointCache.url;
}

/**
 * QueueUrls that resolved, by everything the resolution reads (host, region, endpoint, the URL), so a client sending
 * to one queue parses its URL once. Failures are not cached: they throw, and their error depends on the protocol.
 */
const resolvedQueueUrls = new Map<string, QueueRef>();

/** Queue named by the request: the `QueueUrl` member (which overrides the path in the query protocol, B.1) or the path. */
export function resolveQueueRef(ctx: OpContext, input: Entry): QueueRef {
  const raw = input.QueueUrl;
  if (typeof raw !== 'string') {
    if (ctx.protocol === 'query' && ctx.pathQueue) return ctx.pathQueue;
    throw sqsErrors.missingParameter('QueueUrl');
  }
  const key = `${ctx.host}\n${ctx.region}\n${ctx.config.endpointUrl}\n${ctx.principal.accountId}\n${raw}`;
  const hit = resolvedQueueUrls.get(key);
  if (hit) return { accountId: hit.accountId, name: hit.name };
  const ref = parseQueueUrl(ctx, raw);
  if (raw.length <= 1024) {
    if (resolvedQueueUrls.size >= 1000) resolvedQueueUrls.clear();
    resolvedQueueUrls.set(key, ref);
  }
  return { accountId: ref.accountId, name: ref.name };
}

function parseQueueUrl(ctx: OpContext, raw: string): QueueRef {
  // AWS resolves a bare queue name in the caller's own account (moto PR #5073 records the same observation).
  if (/^[A-Za-z0-9_-]{1,80}(\.fifo)?$/.test(raw) && raw.length <= 80) return { accountId: ctx.principal.accountId, name: raw };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw sqsErrors.nonExistentQueue(ctx.protocol);
  }
  if (!isValidQueueUrlHost(ctx, url)) throw sqsErrors.invalidAddress(`${url.protocol}//${url.host}/`);
  const parts = url.pathname.split('/').filter((p) => p !== '');
  if (parts.length !== 2) throw sqsErrors.nonExistentQueue(ctx.protocol);
  return { accountId: decodeURIComponent(parts[0]!), name: decodeURIComponent(parts[1]!) };
}

/**
 * Authorizes the operation's IAM action on `resourceArn` with the caller's identity policies and, for a queue, the
 * queue's `Policy` (combined as lib/iam's combineIdentityAndResource does); AccessDenied with AWS's message otherwise.
 */
export function authorize(ctx: OpContext, resourceArn: string): void {
  const action = ctx.operation.iamAction;
  const identity: EvalDecision = ctx.auth.authorize(ctx.principal, action, resourceArn);
  const [, , , region = '', owner = '', name = ''] = resourceArn.split(':');
  const sameAccount = owner === ctx.principal.accountId;
  const policy = name !== '*' ? ctx.rt.store.getQueue(region, owner, name)?.attributes.Policy : undefined;
  let resource: EvalDecision = 'implicitDeny';
  if (policy) {
    resource = evaluateResourcePolicy(policy, {
      action,
      resource: resourceArn,
      principal: { arn: ctx.principal.arn, accountId: ctx.principal.accountId },
      allowMatch: sameAccount ? 'direct' : 'any',
      context: {
        'aws:PrincipalArn': [ctx.principal.kind === 'assumed-role' ? ctx.principal.roleArn : ctx.principal.arn],
        'aws:PrincipalAccount': [ctx.principal.accountId],
        'aws:SecureTransport': [String(ctx.secure)],
        'aws:CurrentTime': [new Date().toISOString()],
      },
    }).decision;
  }
  if (!sameAccount && !ctx.operation.crossAccount && resource !== 'explicitDeny') resource = 'implicitDeny';
  const combined = combineIdentityAndResource(identity, resource, sameAccount);
  if (combined.decision === 'allowed') return;
  if (!sameAccount && !policy && identity === 'allowed' && !ctx.rt.store.getQueue(region, owner, name)) {
    // Another account's queue that does not exist: AWS does not reveal more than that.
    throw sqsErrors.nonExistentQueue(ctx.protocol);
  }
  throw sqsErrors.accessDenied(deniedMessage(ctx.principal.arn, action, resourceArn, combined.reason ?? 'identity-implicit'));
}

/**
 * The key and condition context kms:* permissions are evaluated against. KMS authorizes the key, never the alias
 * (AWS KMS Developer Guide, "Use aliases to control access to KMS keys"): the resource is a key ARN and the key's
 * aliases are in `kms:ResourceAliases`. The sandbox has no KMS, so an alias stands for a key whose id is derived
 * from the alias ARN (stable, one key per alias); a key id or key ARN is taken as given and has no alias.
 * AWS applies alias changes to authorization within up to five minutes; the sandbox at once.
 */
export function kmsKeyTarget(keyId: string, region: string, accountId: string): { arn: string; context: Record<string, string[]> } {
  let aliasArn: string | undefined;
  if (keyId.startsWith('alias/')) aliasArn = `arn:aws:kms:${region}:${accountId}:${keyId}`;
  else if (keyId.startsWith('arn:') && keyId.includes(':alias/')) aliasArn = keyId;
  if (!aliasArn) return { arn: keyId.startsWith('arn:') ? keyId : `arn:aws:kms:${region}:${accountId}:key/${keyId}`, context: {} };
  const [, , , aliasRegion, aliasAccount, aliasName] = aliasArn.split(':');
  const h = createHash('sha256').update(aliasArn).digest('hex');
  const derivedId = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  return { arn: `arn:aws:kms:${aliasRegion}:${aliasAccount}:key/${derivedId}`, context: { 'kms:ResourceAliases': [aliasName ?? keyId] } };
}

/** Queues encrypted with the AWS-managed key need no kms permissions from the caller; customer-managed keys do. */
export function requireKms(ctx: OpContext, queue: QueueRecord, actions: string[]): void {
  const keyId = queue.attributes.KmsMasterKeyId;
  if (!keyId || keyId === 'alias/aws/sqs') return;
  const { arn, context } = kmsKeyTarget(keyId, queue.region, queue.accountId);
  for (const action of actions) {
    const decision = ctx.auth.authorize(ctx.principal, action, arn, context);
    if (decision === 'allowed') continue;
    const why =
      decision === 'explicitDeny'
        ? 'with an explicit deny in an identity-based policy'
        : `because no identity-based policy allows the ${action} action`;
    throw sqsErrors.kmsAccessDenied(
      `User: ${ctx.principal.arn} is not authorized to perform: ${action} on resource: ${arn} ${why} ` +
        `(Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: ${newRequestId()}; Proxy: null)`,
    );
  }
}

export function getQueueOrThrow(ctx: OpContext, ref: QueueRef): QueueRecord {
  const q = ctx.rt.store.getQueue(ctx.region, ref.accountId, ref.name);
  if (!q) throw sqsErrors.nonExistentQueue(ctx.protocol);
  return q;
}

// ------------------------------------------------------------------------------------------------ typed accessors

export function str(e: Entry, k: string): string | undefined {
  const v = e[k];
  return typeof v === 'string' ? v : undefined;
}

export function int(e: Entry, k: string): number | undefined {
  const v = e[k];
  return typeof v === 'number' ? v : undefined;
}

export function strList(e: Entry, k: string): string[] {
  const v = e[k];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function strMap(e: Entry, k: string): Record<string, string> | undefined {
  const v = e[k];
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out = emptyRecord<string>();
  for (const [key, val] of Object.entries(v)) if (typeof val === 'string') out[key] = val;
  return out;
}

export function attrMap(e: Entry, k: string): Record<string, MessageAttributeValue> {
  const v = e[k];
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  const out = emptyRecord<MessageAttributeValue>();
  for (const [key, val] of Object.entries(v)) if (val && typeof val === 'object') out[key] = val;
  return out;
}

export function entries(e: Entry, k: string): Entry[] | undefined {
  const v = e[k];
  if (!Array.isArray(v)) return undefined;
  return v.filter((x): x is Entry => typeof x === 'object' && x !== null);
}
