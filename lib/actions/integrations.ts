'use server';

import { getActiveConnection } from '@/lib/aws/active';
import { createClients } from '@/lib/aws/clients';
import { type DiscoveredIntegration, discoverIntegrations } from '@/lib/aws/discover';
import { toAwsErrorInfo } from '@/lib/aws/errors';
import { checkCaller } from './guard';
import { fail, ok, type ActionResult } from './result';

/** SQS integrations on the active connection, with drift per stage. */
export async function listIntegrationsAction(): Promise<ActionResult<{ connectionName: string; integrations: DiscoveredIntegration[] }>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const connection = await getActiveConnection();
  const clients = createClients(connection);
  try {
    return ok({ connectionName: connection.name, integrations: await discoverIntegrations(clients, connection) });
  } catch (err) {
    const info = toAwsErrorInfo(err);
    return fail('aws_error', `Could not list integrations on ${connection.name}: ${info.message}`, { awsError: { name: info.name, message: info.message } });
  } finally {
    for (const c of [clients.sqs, clients.iam, clients.sts, clients.apigateway]) c.destroy();
  }
}
