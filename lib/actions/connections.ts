'use server';

import { cookies } from 'next/headers';
import { z } from 'zod';
import { CONNECTION_COOKIE, getActiveConnection } from '@/lib/aws/active';
import { checkConnection, type ConnectionStatus } from '@/lib/aws/clients';
import { listConnections } from '@/lib/aws/connections';
import { checkCaller } from './guard';
import { fail, ok, type ActionResult } from './result';

export type ConnectionOption = { id: string; name: string; kind: 'sandbox' | 'aws' | 'endpoint' };
export type ConnectionsView = { connections: ConnectionOption[]; activeId: string; problems: string[] };

export async function listConnectionsAction(): Promise<ActionResult<ConnectionsView>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const config = listConnections();
  const active = await getActiveConnection();
  return ok({ connections: config.connections.map((c) => ({ id: c.id, name: c.name, kind: c.kind })), activeId: active.id, problems: config.problems });
}

/** Who the active connection is (STS GetCallerIdentity), or why it cannot authenticate. */
export async function activeConnectionStatusAction(): Promise<ActionResult<ConnectionStatus & { connectionId: string }>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const active = await getActiveConnection();
  return ok({ ...(await checkConnection(active)), connectionId: active.id });
}

export async function setActiveConnectionAction(id: unknown): Promise<ActionResult<{ activeId: string }>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const parsed = z.string().safeParse(id);
  if (!parsed.success || !listConnections().connections.some((c) => c.id === parsed.data)) return fail('not_found', 'No such connection is configured on the server.');
  (await cookies()).set(CONNECTION_COOKIE, parsed.data, { httpOnly: true, sameSite: 'lax', path: '/' });
  return ok({ activeId: parsed.data });
}
