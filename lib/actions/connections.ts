'use server';

import { cookies } from 'next/headers';
import { z } from 'zod';
import { CONNECTION_COOKIE, getActiveConnection } from '@/lib/aws/active';
import { checkConnection, type ConnectionStatus } from '@/lib/aws/clients';
import { listConnections } from '@/lib/aws/connections';
import { authorizedAction } from './authorized';
import { fail, ok, type ActionResult } from './result';

export type ConnectionOption = { id: string; name: string; kind: 'sandbox' | 'aws' | 'endpoint' };
export type ConnectionsView = { connections: ConnectionOption[]; activeId: string; problems: string[] };

export const listConnectionsAction = authorizedAction({ role: 'viewer' }, async (): Promise<ActionResult<ConnectionsView>> => {
  const config = listConnections();
  const active = await getActiveConnection();
  return ok({ connections: config.connections.map((c) => ({ id: c.id, name: c.name, kind: c.kind })), activeId: active.id, problems: config.problems });
});

/** Who the active connection is (STS GetCallerIdentity), or why it cannot authenticate. */
export const activeConnectionStatusAction = authorizedAction({ role: 'viewer' }, async (): Promise<ActionResult<ConnectionStatus & { connectionId: string }>> => {
  const active = await getActiveConnection();
  return ok({ ...(await checkConnection(active)), connectionId: active.id });
});

/** Choosing which configured connection this browser works with changes nothing on the server, so a viewer may. */
export const setActiveConnectionAction = authorizedAction({ role: 'viewer', input: z.string(), invalid: 'No such connection is configured on the server.' }, async (id): Promise<ActionResult<{ activeId: string }>> => {
  if (!listConnections().connections.some((c) => c.id === id)) return fail('not_found', 'No such connection is configured on the server.');
  (await cookies()).set(CONNECTION_COOKIE, id, { httpOnly: true, sameSite: 'lax', path: '/' });
  return ok({ activeId: id });
});
