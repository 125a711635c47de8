import 'server-only';
import { cookies } from 'next/headers';
import { type Connection, getConnection, listConnections } from './connections';

export const CONNECTION_COOKIE = 'sluice-connection';

/** The connection this browser works with: chosen in the header, stored in a cookie; the sandbox by default. */
export async function getActiveConnection(): Promise<Connection> {
  const id = (await cookies()).get(CONNECTION_COOKIE)?.value;
  return getConnection(id, listConnections());
}
