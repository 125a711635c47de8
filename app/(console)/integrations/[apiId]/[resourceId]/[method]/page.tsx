import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { initialRequest, samplePayloads } from '@/lib/test-panel/samples';
import { TestPanel } from '@/components/test-panel/test-panel';
import { AdoptButton } from '@/components/iac/adopt-button';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { getActiveConnection } from '@/lib/aws/active';
import { invokeUrl } from '@/lib/aws/apply';
import { createClients } from '@/lib/aws/clients';
import { toAwsErrorInfo } from '@/lib/aws/errors';
import { diagnoseLive, liveMethodToDesign } from '@/lib/aws/live-design';
import { type LiveMethod, readLiveMethod } from '@/lib/aws/test-send';
import { listHistory } from '@/lib/store/history';
import { DoctorFindings, MethodConfig } from '../../_components/method-config';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Integration' };

const paramsSchema = z.object({
  apiId: z.string().regex(/^[a-z0-9]{1,32}$/),
  resourceId: z.string().regex(/^[a-z0-9]{1,32}$/),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY']),
});
const searchSchema = z.object({ stage: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/).optional() });

/** An existing SQS integration: its live configuration, the doctor's view of it, and the test panel. */
export default async function IntegrationPage({ params, searchParams }: { params: Promise<Record<string, string>>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const search = searchSchema.safeParse(await searchParams);
  const { apiId, resourceId, method: httpMethod } = parsed.data;
  const connection = await getActiveConnection();
  const clients = createClients(connection);
  let live: LiveMethod;
  try {
    live = await readLiveMethod(clients.apigateway, { restApiId: apiId, resourceId, httpMethod });
  } catch (err) {
    const info = toAwsErrorInfo(err);
    if (info.name === 'NotFoundException') notFound();
    return (
      <>
        <PageHeader title="Integration" />
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          Could not read {httpMethod} on API {apiId} from {connection.name}: {info.name}: {info.message}
        </p>
      </>
    );
  } finally {
    for (const c of [clients.sqs, clients.iam, clients.sts, clients.apigateway]) c.destroy();
  }
  const requested = search.success ? search.data.stage : undefined;
  const stage = live.stages.find((s) => s.name === requested && s.deployed) ?? live.stages.find((s) => s.deployed);
  const design = liveMethodToDesign(live.method, { restApiId: apiId, apiName: live.apiName, resourcePath: live.resourcePath, ...(stage ? { stageName: stage.name, stageVariables: stage.variables } : {}) });
  const findings = diagnoseLive(design);
  const target = { kind: 'integration' as const, restApiId: apiId, resourceId, httpMethod, ...(stage ? { stageName: stage.name } : {}) };
  return (
    <>
      <PageHeader
        title={`${live.apiName} · ${httpMethod} ${live.resourcePath}`}
        description={<>REST API <span className="font-mono">{apiId}</span> on {connection.name}, {design.protocol === 'json' ? 'AWS JSON protocol' : 'AWS query protocol'}{design.queue.name ? <> to queue <span className="font-mono">{design.queue.name}</span></> : null}{stage ? <>, tested on stage <span className="font-mono">{stage.name}</span></> : ', on no deployed stage'}.</>}
        actions={
          <div className="flex items-center gap-4">
            <Link href="/integrations" className="text-sm text-brand-700 underline-offset-2 hover:underline">← All integrations</Link>
            <AdoptButton restApiId={apiId} resourceId={resourceId} httpMethod={httpMethod} />
          </div>
        }
      />
      <div className="space-y-6">
        <Card title="Configuration">
          <MethodConfig method={live.method} resourcePath={live.resourcePath} />
        </Card>
        <Card title="Doctor">
          <DoctorFindings findings={findings} />
        </Card>
        <TestPanel
          target={target}
          initialRequest={initialRequest(design)}
          samples={samplePayloads(design)}
          {...(stage ? { stageUrl: invokeUrl(connection, live.apiRegion, apiId, stage.name, '') } : {})}
          cli={{ restApiId: apiId, resourceId, region: live.apiRegion, ...(connection.kind === 'aws' ? {} : { endpointUrl: connection.endpoint }) }}
          isIamAuth={design.method.authorizationType === 'AWS_IAM'}
          isApiKeyRequired={design.method.apiKeyRequired}
          initialHistory={await listHistory({ ...target, name: '' })}
        />
      </div>
    </>
  );
}
