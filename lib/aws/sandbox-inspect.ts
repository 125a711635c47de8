import 'server-only';
import { DeleteRestApiCommand, GetRestApisCommand, GetResourcesCommand, GetStagesCommand } from '@aws-sdk/client-api-gateway';
import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import type { AwsClients } from './clients';
import { invokeUrl } from './apply';
import type { Connection } from './connections';

export type QueueSummary = {
  url: string;
  name: string;
  arn: string;
  isFifo: boolean;
  visible: number;
  inFlight: number;
  delayed: number;
  kmsMasterKeyId?: string;
};

async function listQueueUrls(clients: AwsClients): Promise<string[]> {
  const urls: string[] = [];
  let next: string | undefined;
  do {
    const page = await clients.sqs.send(new ListQueuesCommand({ MaxResults: 1000, ...(next ? { NextToken: next } : {}) }));
    urls.push(...(page.QueueUrls ?? []));
    next = page.NextToken;
  } while (next);
  return urls;
}

export async function listQueueSummaries(clients: AwsClients): Promise<QueueSummary[]> {
  const urls = await listQueueUrls(clients);
  return Promise.all(
    urls.map(async (url) => {
      const a = (await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes ?? {};
      return {
        url,
        name: url.slice(url.lastIndexOf('/') + 1),
        arn: a.QueueArn ?? '',
        isFifo: a.FifoQueue === 'true',
        visible: Number(a.ApproximateNumberOfMessages ?? 0),
        inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
        delayed: Number(a.ApproximateNumberOfMessagesDelayed ?? 0),
        ...(a.KmsMasterKeyId ? { kmsMasterKeyId: a.KmsMasterKeyId } : {}),
      };
    }),
  );
}

export type PeekedMessage = {
  messageId: string;
  body: string;
  md5OfBody: string;
  sentTimestamp?: string;
  receiveCount?: string;
  messageGroupId?: string;
  attributes: Record<string, string>;
};

/**
 * Reads up to `max` messages without consuming them: received with a visibility timeout of 0, so they are
 * immediately visible again (the receive count still goes up, as on AWS).
 */
export async function peekMessages(clients: AwsClients, queueUrl: string, max = 10): Promise<PeekedMessage[]> {
  const out = await clients.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: Math.min(10, Math.max(1, max)),
      VisibilityTimeout: 0,
      WaitTimeSeconds: 0,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  return (out.Messages ?? []).map((m) => ({
    messageId: m.MessageId ?? '',
    body: m.Body ?? '',
    md5OfBody: m.MD5OfBody ?? '',
    ...(m.Attributes?.SentTimestamp ? { sentTimestamp: m.Attributes.SentTimestamp } : {}),
    ...(m.Attributes?.ApproximateReceiveCount ? { receiveCount: m.Attributes.ApproximateReceiveCount } : {}),
    ...(m.Attributes?.MessageGroupId ? { messageGroupId: m.Attributes.MessageGroupId } : {}),
    attributes: Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue ?? (v.BinaryValue ? `(binary, ${v.BinaryValue.length} bytes)` : '')])),
  }));
}

export async function purgeQueue(clients: AwsClients, queueUrl: string): Promise<void> {
  await clients.sqs.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
}

export async function createQueue(clients: AwsClients, name: string, fifo: boolean): Promise<string> {
  const out = await clients.sqs.send(new CreateQueueCommand({ QueueName: name, ...(fifo ? { Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } } : {}) }));
  return out.QueueUrl ?? '';
}

export async function deleteQueue(clients: AwsClients, queueUrl: string): Promise<void> {
  await clients.sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
}

/** Sends one message by hand; a FIFO queue gets the group id given (content-based deduplication is on for queues made here). */
export async function sendMessage(clients: AwsClients, queueUrl: string, body: string, messageGroupId?: string): Promise<{ messageId: string; md5OfBody: string }> {
  const out = await clients.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, ...(messageGroupId ? { MessageGroupId: messageGroupId } : {}) }));
  return { messageId: out.MessageId ?? '', md5OfBody: out.MD5OfMessageBody ?? '' };
}

/** Receives one message and deletes it: what a consumer does. */
export async function receiveAndDelete(clients: AwsClients, queueUrl: string): Promise<PeekedMessage | undefined> {
  const out = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }));
  const m = out.Messages?.[0];
  if (!m) return undefined;
  if (m.ReceiptHandle) await clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
  return {
    messageId: m.MessageId ?? '',
    body: m.Body ?? '',
    md5OfBody: m.MD5OfBody ?? '',
    ...(m.Attributes?.ApproximateReceiveCount ? { receiveCount: m.Attributes.ApproximateReceiveCount } : {}),
    ...(m.Attributes?.MessageGroupId ? { messageGroupId: m.Attributes.MessageGroupId } : {}),
    attributes: Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue ?? ''])),
  };
}

/** IAM deletes a role only once its inline policies are deleted and its managed policies detached. */
export async function deleteRole(clients: AwsClients, roleName: string): Promise<void> {
  const inline = (await clients.iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames ?? [];
  for (const PolicyName of inline) await clients.iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName }));
  const attached = (await clients.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }))).AttachedPolicies ?? [];
  for (const p of attached) if (p.PolicyArn) await clients.iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: p.PolicyArn }));
  await clients.iam.send(new DeleteRoleCommand({ RoleName: roleName }));
}

export async function deleteRestApi(clients: AwsClients, restApiId: string): Promise<void> {
  await clients.apigateway.send(new DeleteRestApiCommand({ restApiId }));
}

/** Deletes every queue, role and REST API of the sandbox; returns how many of each. */
export async function resetSandbox(clients: AwsClients): Promise<{ queues: number; roles: number; apis: number }> {
  const urls = await listQueueUrls(clients);
  for (const url of urls) await deleteQueue(clients, url);
  const roles = (await clients.iam.send(new ListRolesCommand({ MaxItems: 1000 }))).Roles ?? [];
  for (const r of roles) if (r.RoleName) await deleteRole(clients, r.RoleName);
  const apis = (await clients.apigateway.send(new GetRestApisCommand({ limit: 500 }))).items ?? [];
  for (const a of apis) if (a.id) await deleteRestApi(clients, a.id);
  return { queues: urls.length, roles: roles.length, apis: apis.length };
}

export type RoleSummary = {
  name: string;
  arn: string;
  trustPolicy: string;
  inlinePolicies: { name: string; document: string }[];
  attachedPolicies: { name: string; arn: string }[];
};

export async function listRoleSummaries(clients: AwsClients): Promise<RoleSummary[]> {
  const roles = (await clients.iam.send(new ListRolesCommand({ MaxItems: 1000 }))).Roles ?? [];
  return Promise.all(
    roles.map(async (r) => {
      const RoleName = r.RoleName ?? '';
      const names = (await clients.iam.send(new ListRolePoliciesCommand({ RoleName }))).PolicyNames ?? [];
      const inlinePolicies = await Promise.all(
        names.map(async (PolicyName) => {
          const p = await clients.iam.send(new GetRolePolicyCommand({ RoleName, PolicyName }));
          return { name: PolicyName, document: prettyJson(decodeURIComponent(p.PolicyDocument ?? '')) };
        }),
      );
      const attached = (await clients.iam.send(new ListAttachedRolePoliciesCommand({ RoleName }))).AttachedPolicies ?? [];
      return {
        name: RoleName,
        arn: r.Arn ?? '',
        trustPolicy: prettyJson(decodeURIComponent(r.AssumeRolePolicyDocument ?? '')),
        inlinePolicies,
        attachedPolicies: attached.map((a) => ({ name: a.PolicyName ?? '', arn: a.PolicyArn ?? '' })),
      };
    }),
  );
}

export type ApiSummary = {
  id: string;
  name: string;
  createdDate?: string;
  methods: { path: string; httpMethod: string; resourceId: string; integrationUri?: string }[];
  stages: { name: string; deploymentId?: string; invokeUrl: string }[];
};

export async function listApiSummaries(clients: AwsClients, connection: Connection): Promise<ApiSummary[]> {
  const apis = (await clients.apigateway.send(new GetRestApisCommand({ limit: 500 }))).items ?? [];
  const region = clients.region ?? 'us-east-1';
  return Promise.all(
    apis.map(async (api) => {
      const id = api.id ?? '';
      const [resources, stages] = await Promise.all([
        clients.apigateway.send(new GetResourcesCommand({ restApiId: id, limit: 500, embed: ['methods'] })),
        clients.apigateway.send(new GetStagesCommand({ restApiId: id })),
      ]);
      const methods = (resources.items ?? []).flatMap((r) =>
        Object.entries(r.resourceMethods ?? {}).map(([httpMethod, m]) => ({
          path: r.path ?? '',
          httpMethod,
          resourceId: r.id ?? '',
          ...(m.methodIntegration?.uri ? { integrationUri: m.methodIntegration.uri } : {}),
        })),
      );
      return {
        id,
        name: api.name ?? '',
        ...(api.createdDate ? { createdDate: api.createdDate.toISOString() } : {}),
        methods,
        stages: (stages.item ?? []).map((s) => ({
          name: s.stageName ?? '',
          ...(s.deploymentId ? { deploymentId: s.deploymentId } : {}),
          invokeUrl: invokeUrl(connection, region, id, s.stageName ?? '', ''),
        })),
      };
    }),
  );
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
