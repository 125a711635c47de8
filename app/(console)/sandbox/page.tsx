import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { sandboxEndpoint } from '@/lib/env';
import { SandboxExplorer } from './_components/sandbox-explorer';

export const metadata = { title: 'Sandbox' };
export const dynamic = 'force-dynamic';

export default function SandboxPage() {
  return (
    <>
      <PageHeader
        title="Sandbox"
        description="A local AWS endpoint that speaks the SQS, IAM, STS and API Gateway wire protocols, so you can build and break integrations without an AWS account."
      />
      <Card title="Endpoint">
        <p className="font-mono text-sm">{sandboxEndpoint()}</p>
        <p className="mt-2 text-sm text-slate-600">
          Account <span className="font-mono">000000000000</span>, region <span className="font-mono">us-east-1</span>. Point the AWS CLI at it with{' '}
          <code className="rounded bg-slate-100 px-1">--endpoint-url {sandboxEndpoint()}</code>.
        </p>
      </Card>
      <div className="mt-6">
        <SandboxExplorer />
      </div>
    </>
  );
}
