import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { initialRequest, samplePayloads } from '@/lib/test-panel/samples';
import { TestPanel } from '@/components/test-panel/test-panel';
import { designIdSchema } from '@/lib/actions/ids';
import { getActiveConnection } from '@/lib/aws/active';
import { invokeUrl } from '@/lib/aws/apply';
import { createClients } from '@/lib/aws/clients';
import { readDesignApiKey } from '@/lib/aws/plan';
import { getDesign } from '@/lib/store';
import { getDeployment } from '@/lib/store/deployments';
import { listHistory } from '@/lib/store/history';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Test panel' };

const paramsSchema = z.object({ designId: designIdSchema });

/** A deployed design's test panel on the active connection. */
export default async function DesignTestPage({ params }: { params: Promise<{ designId: string }> }) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const { designId } = parsed.data;
  const stored = await getDesign(designId);
  if (!stored) notFound();
  const connection = await getActiveConnection();
  const record = await getDeployment(designId, connection.id);
  const design = stored.design;
  if (!record?.restApiId || !record.resourceId) {
    return (
      <section aria-labelledby="test-heading" className="space-y-3">
        <h2 id="test-heading" className="text-lg font-semibold">Test</h2>
        <p className="text-sm text-slate-700">
          This design is not deployed on <strong>{connection.name}</strong>, so there is nothing to send to yet.
        </p>
        <Link href={`/designs/${designId}/deploy`} className="inline-block text-sm font-medium text-brand-700 underline-offset-2 hover:underline">
          Deploy it on {connection.name} →
        </Link>
      </section>
    );
  }
  let apiKey: { name: string; value: string } | undefined;
  if (design.method.apiKeyRequired) {
    const clients = createClients(connection, design.region);
    try {
      apiKey = await readDesignApiKey(design, clients);
    } catch {
      apiKey = undefined;
    } finally {
      clients.apigateway.destroy();
    }
  }
  return (
    <section aria-labelledby="test-heading" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="test-heading" className="text-lg font-semibold">Test</h2>
        <p className="text-xs text-slate-500">
          {design.method.httpMethod} {design.resourcePath} on {connection.name} · API <span className="font-mono">{record.restApiId}</span> · stage {record.stageName} ·{' '}
          <Link href={`/designs/${designId}/deploy`} className="text-brand-700 hover:underline">deploy page</Link>
        </p>
      </div>
      <TestPanel
        target={{ kind: 'design', designId }}
        initialRequest={initialRequest(design)}
        samples={samplePayloads(design)}
        stageUrl={invokeUrl(connection, design.region, record.restApiId, record.stageName, '')}
        cli={{ restApiId: record.restApiId, resourceId: record.resourceId, region: design.region, ...(connection.kind === 'aws' ? {} : { endpointUrl: connection.endpoint }) }}
        isIamAuth={design.method.authorizationType === 'AWS_IAM'}
        isApiKeyRequired={design.method.apiKeyRequired}
        {...(apiKey ? { initialApiKey: apiKey } : {})}
        initialHistory={await listHistory({ kind: 'design', designId, name: stored.name })}
      />
    </section>
  );
}
