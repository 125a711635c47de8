'use server';

import { z } from 'zod';
import { getActiveConnection } from '@/lib/aws/active';
import { type AwsClients, createClients, destroyClients } from '@/lib/aws/clients';
import { toAwsErrorInfo } from '@/lib/aws/errors';
import { listQueuePicks, listRestApiPicks, listRolePicks, type PickerPage, type QueuePick, type RestApiPick, type RolePick } from '@/lib/aws/pickers';
import { authorizedAction } from './authorized';
import { fail, ok, type ActionResult } from './result';

export type { PickerPage, QueuePick, RestApiPick, RolePick };

const searchSchema = z.object({ search: z.string().trim().max(256, 'Search text is at most 256 characters.').default('') });

async function onActiveConnection<T>(what: string, list: (clients: AwsClients) => Promise<PickerPage<T>>): Promise<ActionResult<PickerPage<T> & { connectionName: string }>> {
  const connection = await getActiveConnection();
  const clients = createClients(connection);
  try {
    return ok({ ...(await list(clients)), connectionName: connection.name });
  } catch (err) {
    const info = toAwsErrorInfo(err);
    return fail('aws_error', `Could not list ${what} on ${connection.name}: ${info.name}: ${info.message}`, { awsError: { name: info.name, message: info.message } });
  } finally {
    destroyClients(clients);
  }
}

/** Queues on the active connection whose name starts with the search text (ListQueues' QueueNamePrefix). */
export const listQueuePicksAction = authorizedAction({ role: 'viewer', input: searchSchema }, async ({ search }) => onActiveConnection('queues', (c) => listQueuePicks(c, search)));

/** Roles on the active connection whose name contains the search text, each with whether API Gateway may assume it. */
export const listRolePicksAction = authorizedAction({ role: 'viewer', input: searchSchema }, async ({ search }) => onActiveConnection('roles', (c) => listRolePicks(c, search)));

/** REST APIs on the active connection whose name or ID contains the search text. */
export const listRestApiPicksAction = authorizedAction({ role: 'viewer', input: searchSchema }, async ({ search }) => onActiveConnection('REST APIs', (c) => listRestApiPicks(c, search)));
