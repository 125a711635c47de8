import { notFound } from 'next/navigation';
import { ExportPanel } from '@/components/iac/export-panel';
import { getDesign } from '@/lib/store';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Export' };

export default async function ExportPage({ params }: { params: Promise<{ designId: string }> }) {
  const { designId } = await params;
  const stored = /^[a-z2-9]{10}$/.test(designId) ? getDesign(designId) : undefined;
  if (!stored) notFound();
  return (
    <section aria-labelledby="export-heading" className="space-y-4">
      <div>
        <h2 id="export-heading" className="text-lg font-semibold">
          Export
        </h2>
        <p className="max-w-3xl text-sm text-slate-600">
          The design as infrastructure as code to commit: CloudFormation, AWS SAM, serverless.yml, Terraform, AWS CDK, an OpenAPI document for ImportRestApi, or a
          re-runnable AWS CLI script. The queue, the least-privilege role, the REST API and its deployment are included.
        </p>
      </div>
      <ExportPanel />
    </section>
  );
}
