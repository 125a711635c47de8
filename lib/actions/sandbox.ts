'use server';

import { z } from 'zod';
import { createClients } from '@/lib/aws/clients';
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
