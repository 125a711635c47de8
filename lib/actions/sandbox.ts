'use server';

import { z } from 'zod';
import { createClients, destroyClients } from '@/lib/aws/clients';
import { getConnection, SANDBOX_CONNECTION_ID } from '@/lib/aws/connections';
import { toAwsErrorInfo } from '@/lib/aws/errors';
import {
  type ApiSummary,
  listApiSummaries,
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
