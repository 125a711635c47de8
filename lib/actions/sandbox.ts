'use server';

import { z } from 'zod';
import { createClients } from '@/lib/aws/clients';
import { getConnection, SANDBOX_CONNECTION_ID } from '@/lib/aws/connections';
import { toAwsErrorInfo } from '@/lib/aws/errors';
import {
  type ApiSummary,
  createQueue,
  deleteQueue,
  deleteRestApi,
  deleteRole,
  listApiSummaries,
  receiveAndDelete,
  resetSandbox,
  sendMessage,
  listQueueSummaries,
  listRoleSummaries,
  type PeekedMessage,
  peekMessages,
  purgeQueue,
  type QueueSummary,
  type RoleSummary,
} from '@/lib/aws/sandbox-inspect';
import { checkCaller } from './guard';
import { fail, ok, type ActionResult } from './result';

function sandbox() {
  const connection = getConnection(SANDBOX_CONNECTION_ID);
  return { connection, clients: createClients(connection) };
}

async function withSandbox<T>(fn: (s: ReturnType<typeof sandbox>) => Promise<T>): Promise<ActionResult<T>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const s = sandbox();
  try {
    return ok(await fn(s));
  } catch (err) {
    const info = toAwsErrorInfo(err);
    const unreachable = /ECONNREFUSED|fetch failed|socket hang up/i.test(`${info.message}`);
    return fail('aws_error', unreachable ? `The sandbox at ${s.connection.kind === 'aws' ? '' : s.connection.endpoint} is not reachable. Start it with npm start.` : info.message, { awsError: { name: info.name, message: info.message } });
  } finally {
    for (const c of [s.clients.sqs, s.clients.iam, s.clients.sts, s.clients.apigateway]) c.destroy();
  }
}

export async function listSandboxQueuesAction(): Promise<ActionResult<QueueSummary[]>> {
  return withSandbox(({ clients }) => listQueueSummaries(clients));
}

export async function listSandboxRolesAction(): Promise<ActionResult<RoleSummary[]>> {
  return withSandbox(({ clients }) => listRoleSummaries(clients));
}

export async function listSandboxApisAction(): Promise<ActionResult<ApiSummary[]>> {
  return withSandbox(({ clients, connection }) => listApiSummaries(clients, connection));
}

const queueUrlSchema = z.object({ queueUrl: z.url('Not a queue URL.') });

export async function peekMessagesAction(input: unknown): Promise<ActionResult<PeekedMessage[]>> {
  const parsed = queueUrlSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', 'Pick a queue to peek into.');
  return withSandbox(({ clients }) => peekMessages(clients, parsed.data.queueUrl, 10));
}

export async function purgeQueueAction(input: unknown): Promise<ActionResult<{ purged: string }>> {
  const parsed = queueUrlSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', 'Pick a queue to purge.');
  return withSandbox(async ({ clients }) => {
    await purgeQueue(clients, parsed.data.queueUrl);
    return { purged: parsed.data.queueUrl };
  });
}

const queueNameSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,75}(\.fifo)?$/, 'Queue name: 1–80 letters, digits, hyphens and underscores; a FIFO queue ends in .fifo.'),
  fifo: z.boolean(),
});

export async function createSandboxQueueAction(input: unknown): Promise<ActionResult<{ queueUrl: string }>> {
  const parsed = queueNameSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', parsed.error.issues[0]?.message ?? 'Not a queue name.', { fieldErrors: { name: parsed.error.issues.map((i) => i.message) } });
  const { fifo } = parsed.data;
  const name = fifo && !parsed.data.name.endsWith('.fifo') ? `${parsed.data.name}.fifo` : parsed.data.name;
  if (!fifo && name.endsWith('.fifo')) return fail('invalid_input', 'Only a FIFO queue may end in .fifo; tick FIFO or rename it.', { fieldErrors: { name: ['Only a FIFO queue may end in .fifo.'] } });
  return withSandbox(async ({ clients }) => ({ queueUrl: await createQueue(clients, name, fifo) }));
}

export async function deleteSandboxQueueAction(input: unknown): Promise<ActionResult<{ deleted: string }>> {
  const parsed = queueUrlSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', 'Pick a queue to delete.');
  return withSandbox(async ({ clients }) => {
    await deleteQueue(clients, parsed.data.queueUrl);
    return { deleted: parsed.data.queueUrl };
  });
}

const sendSchema = queueUrlSchema.extend({ body: z.string().min(1, 'A message needs a body.').max(262_144), messageGroupId: z.string().max(128).optional() });

export async function sendSandboxMessageAction(input: unknown): Promise<ActionResult<{ messageId: string; md5OfBody: string }>> {
  const parsed = sendSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', parsed.error.issues[0]?.message ?? 'Not a message.');
  const { queueUrl, body, messageGroupId } = parsed.data;
  if (queueUrl.endsWith('.fifo') && !messageGroupId) return fail('invalid_input', 'A FIFO queue needs a message group id.', { fieldErrors: { messageGroupId: ['A FIFO queue needs a message group id.'] } });
  return withSandbox(({ clients }) => sendMessage(clients, queueUrl, body, messageGroupId));
}

export async function receiveSandboxMessageAction(input: unknown): Promise<ActionResult<PeekedMessage | null>> {
  const parsed = queueUrlSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', 'Pick a queue to receive from.');
  return withSandbox(async ({ clients }) => (await receiveAndDelete(clients, parsed.data.queueUrl)) ?? null);
}

export async function deleteSandboxRoleAction(input: unknown): Promise<ActionResult<{ deleted: string }>> {
  const parsed = z.object({ roleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, 'Not a role name.') }).safeParse(input);
  if (!parsed.success) return fail('invalid_input', 'Pick a role to delete.');
  return withSandbox(async ({ clients }) => {
    await deleteRole(clients, parsed.data.roleName);
    return { deleted: parsed.data.roleName };
  });
}

export async function deleteSandboxApiAction(input: unknown): Promise<ActionResult<{ deleted: string }>> {
  const parsed = z.object({ restApiId: z.string().regex(/^[a-z0-9]{10}$/, 'Not a REST API id.') }).safeParse(input);
  if (!parsed.success) return fail('invalid_input', 'Pick a REST API to delete.');
  return withSandbox(async ({ clients }) => {
    await deleteRestApi(clients, parsed.data.restApiId);
    return { deleted: parsed.data.restApiId };
  });
}

/** Deletes every queue, role and REST API in the sandbox (designs and their history stay). */
export async function resetSandboxAction(): Promise<ActionResult<{ queues: number; roles: number; apis: number }>> {
  return withSandbox(({ clients }) => resetSandbox(clients));
}
