'use server';

import { z } from 'zod';
import { createClients, destroyClients } from '@/lib/aws/clients';
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
import type { Role } from '@/lib/auth/roles';
import { authorizedAction } from './authorized';
import { fail, ok, type ActionResult } from './result';

function sandbox() {
  const connection = getConnection(SANDBOX_CONNECTION_ID);
  return { connection, clients: createClients(connection) };
}

/** An action on the built-in sandbox; an unreachable sandbox is explained instead of reported as an SDK error. */
function sandboxAction<S extends z.ZodType, T>(role: Role, input: S, invalid: string | undefined, audit: string | undefined, fn: (input: z.output<S>, s: ReturnType<typeof sandbox>) => Promise<T>) {
  return authorizedAction({ role, input, ...(invalid ? { invalid } : {}), ...(audit ? { audit } : {}) }, async (parsed, ctx): Promise<ActionResult<T>> => {
    const s = sandbox();
    Object.assign(ctx.audit, { connectionId: s.connection.id, connectionName: s.connection.name });
    try {
      return ok(await fn(parsed, s));
    } catch (err) {
      const info = toAwsErrorInfo(err);
      const unreachable = /ECONNREFUSED|fetch failed|socket hang up/i.test(`${info.message}`);
      return fail('aws_error', unreachable ? `The sandbox at ${s.connection.kind === 'aws' ? '' : s.connection.endpoint} is not reachable. Start it with npm start.` : info.message, { awsError: { name: info.name, message: info.message } });
    } finally {
      destroyClients(s.clients);
    }
  });
}

export const listSandboxQueuesAction = sandboxAction('viewer', z.undefined(), undefined, undefined, (_: undefined, { clients }): Promise<QueueSummary[]> => listQueueSummaries(clients));

export const listSandboxRolesAction = sandboxAction('viewer', z.undefined(), undefined, undefined, (_: undefined, { clients }): Promise<RoleSummary[]> => listRoleSummaries(clients));

export const listSandboxApisAction = sandboxAction('viewer', z.undefined(), undefined, undefined, (_: undefined, { clients, connection }): Promise<ApiSummary[]> => listApiSummaries(clients, connection));

const queueUrlSchema = z.object({ queueUrl: z.url('Not a queue URL.') });

/** Peeking receives messages (and makes them visible again), so it is a tester's action, not a viewer's. */
export const peekMessagesAction = sandboxAction('tester', queueUrlSchema, 'Pick a queue to peek into.', 'sandbox.peek', ({ queueUrl }, { clients }): Promise<PeekedMessage[]> => peekMessages(clients, queueUrl, 10));

export const purgeQueueAction = sandboxAction('tester', queueUrlSchema, 'Pick a queue to purge.', 'sandbox.purge', async ({ queueUrl }, { clients }): Promise<{ purged: string }> => {
  await purgeQueue(clients, queueUrl);
  return { purged: queueUrl };
});

const queueNameSchema = z
  .object({
    name: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,75}(\.fifo)?$/, 'Queue name: 1–80 letters, digits, hyphens and underscores; a FIFO queue ends in .fifo.'),
    fifo: z.boolean(),
  })
  .refine((q) => q.fifo || !q.name.endsWith('.fifo'), { message: 'Only a FIFO queue may end in .fifo; tick FIFO or rename it.', path: ['name'] });

export const createSandboxQueueAction = sandboxAction('tester', queueNameSchema, undefined, 'sandbox.createQueue', async ({ name, fifo }, { clients }): Promise<{ queueUrl: string }> => ({
  queueUrl: await createQueue(clients, fifo && !name.endsWith('.fifo') ? `${name}.fifo` : name, fifo),
}));

export const deleteSandboxQueueAction = sandboxAction('operator', queueUrlSchema, 'Pick a queue to delete.', 'sandbox.deleteQueue', async ({ queueUrl }, { clients }): Promise<{ deleted: string }> => {
  await deleteQueue(clients, queueUrl);
  return { deleted: queueUrl };
});

const sendSchema = queueUrlSchema
  .extend({ body: z.string().min(1, 'A message needs a body.').max(262_144), messageGroupId: z.string().max(128).optional() })
  .refine((m) => !m.queueUrl.endsWith('.fifo') || (m.messageGroupId ?? '') !== '', { message: 'A FIFO queue needs a message group id.', path: ['messageGroupId'] });

export const sendSandboxMessageAction = sandboxAction('tester', sendSchema, undefined, 'sandbox.send', ({ queueUrl, body, messageGroupId }, { clients }) => sendMessage(clients, queueUrl, body, messageGroupId));

export const receiveSandboxMessageAction = sandboxAction('tester', queueUrlSchema, 'Pick a queue to receive from.', 'sandbox.receive', async ({ queueUrl }, { clients }): Promise<PeekedMessage | null> => (await receiveAndDelete(clients, queueUrl)) ?? null);

export const deleteSandboxRoleAction = sandboxAction('operator', z.object({ roleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, 'Not a role name.') }), 'Pick a role to delete.', 'sandbox.deleteRole', async ({ roleName }, { clients }): Promise<{ deleted: string }> => {
  await deleteRole(clients, roleName);
  return { deleted: roleName };
});

export const deleteSandboxApiAction = sandboxAction('operator', z.object({ restApiId: z.string().regex(/^[a-z0-9]{10}$/, 'Not a REST API id.') }), 'Pick a REST API to delete.', 'sandbox.deleteApi', async ({ restApiId }, { clients }): Promise<{ deleted: string }> => {
  await deleteRestApi(clients, restApiId);
  return { deleted: restApiId };
});

/** Deletes every queue, role and REST API in the sandbox (designs and their history stay). */
export const resetSandboxAction = sandboxAction('operator', z.undefined(), undefined, 'sandbox.reset', (_: undefined, { clients }) => resetSandbox(clients));
