'use server';

import { CreateDeploymentCommand } from '@aws-sdk/client-api-gateway';
import { z } from 'zod';
import { getActiveConnection } from '@/lib/aws/active';
import { createClients, destroyClients } from '@/lib/aws/clients';
import { type DiscoveredIntegration, discoverIntegrations } from '@/lib/aws/discover';
import { toAwsErrorInfo } from '@/lib/aws/errors';
import { listDesigns } from '@/lib/store';
import { listDeploymentsOn } from '@/lib/store/deployments';
import { authorizedAction } from './authorized';
import { fail, ok, type ActionResult } from './result';

/** A discovered integration, with the Sluice design that deployed it when there is one. */
export type IntegrationRow = DiscoveredIntegration & { design?: { id: string; name: string } };

/** SQS integrations on the active connection, with drift per stage and the design each came from. */
export const listIntegrationsAction = authorizedAction(
  { role: 'viewer' },
  async (): Promise<ActionResult<{ connectionName: string; integrations: IntegrationRow[] }>> => {
    const connection = await getActiveConnection();
    const clients = createClients(connection);
    try {
      const [found, records, designs] = await Promise.all([discoverIntegrations(clients, connection), listDeploymentsOn(connection.id), listDesigns()]);
      const names = new Map(designs.map((d) => [d.id, d.name]));
      const designOf = (i: DiscoveredIntegration) => {
        const r = records.find((rec) => rec.restApiId === i.restApiId && rec.resourceId === i.resourceId && names.has(rec.designId));
        return r ? { id: r.designId, name: names.get(r.designId)! } : undefined;
      };
      return ok({
        connectionName: connection.name,
        integrations: found.map((i) => {
          const design = designOf(i);
          return design ? { ...i, design } : i;
        }),
      });
    } catch (err) {
      const info = toAwsErrorInfo(err);
      return fail('aws_error', `Could not list integrations on ${connection.name}: ${info.message}`, { awsError: { name: info.name, message: info.message } });
    } finally {
      destroyClients(clients);
    }
  },
);

const redeployInputSchema = z.object({
  restApiId: z.string().regex(/^[a-z0-9]{10}$/, 'REST API ID is the 10-character ID, e.g. a1b2c3d4e5.'),
  stageName: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'Stage name may contain letters, digits, hyphens and underscores only.'),
});

/** "Redeploy stage": CreateDeployment for the stage, so that the API's current methods go live there. */
export const redeployStageAction = authorizedAction(
  { role: 'operator', audit: 'integration.redeploy', input: redeployInputSchema },
  async ({ restApiId, stageName }, { audit }): Promise<ActionResult<{ deploymentId: string }>> => {
    const connection = await getActiveConnection();
    if (connection.kind !== 'sandbox' && connection.readOnly) return fail('forbidden', `${connection.name} is read-only: Sluice does not deploy there.`);
    Object.assign(audit, { connectionId: connection.id, connectionName: connection.name, summary: `Redeployed stage ${stageName} of REST API ${restApiId}`, calls: ['apigateway:CreateDeployment'] });
    const clients = createClients(connection);
    try {
      const out = await clients.apigateway.send(new CreateDeploymentCommand({ restApiId, stageName, description: 'Redeployed from the Sluice Integrations page' }));
      return ok({ deploymentId: out.id ?? '' });
    } catch (err) {
      const info = toAwsErrorInfo(err);
      return fail('aws_error', `Could not redeploy stage ${stageName} of ${restApiId}: ${info.name}: ${info.message}`, { awsError: { name: info.name, message: info.message } });
    } finally {
      destroyClients(clients);
    }
  },
);
