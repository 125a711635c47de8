'use server';

import { getActiveConnection } from '@/lib/aws/active';
import { createClients, destroyClients } from '@/lib/aws/clients';
import { type DiscoveredIntegration, discoverIntegrations } from '@/lib/aws/discover';
import { toAwsErrorInfo } from '@/lib/aws/errors';
import { authorizedAction } from './authorized';
import { fail, ok, type ActionResult } from './result';

/** SQS integrations on the active connection, with drift per stage. */
export const listIntegrationsAction = authorizedAction(
  { role: 'viewer' },
  async (): Promise<ActionResult<{ connectionName: string; integrations: DiscoveredIntegration[] }>> => {
    const connection = await getActiveConnection();
    const clients = createClients(connection);
    try {
      return ok({ connectionName: connection.name, integrations: await discoverIntegrations(clients, connection) });
    } catch (err) {
      const info = toAwsErrorInfo(err);
      return fail('aws_error', `Could not list integrations on ${connection.name}: ${info.message}`, { awsError: { name: info.name, message: info.message } });
    } finally {
      destroyClients(clients);
    }
  },
);
