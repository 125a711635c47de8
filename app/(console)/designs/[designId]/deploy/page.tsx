import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DeployPanel } from '@/components/deploy/deploy-panel';
import { PageHeader } from '@/components/ui/page-header';
import { getDesign } from '@/lib/store';

export const dynamic = 'force-dynamic';

export default async function DeployPage({ params }: { params: Promise<{ designId: string }> }) {
  const { designId } = await params;
  const stored = /^[a-z2-9]{10}$/.test(designId) ? getDesign(designId) : undefined;
  if (!stored) notFound();
  return (
    <>
      <PageHeader
        title={`Deploy ${stored.name}`}
        description="Sluice reads what already exists on the active connection, lists every SDK call it will make, and applies them in order. If a step fails, everything this apply created is deleted again."
        actions={
          <Link href={`/designs/${designId}/review`} className="text-sm text-brand-700 underline-offset-2 hover:underline">
            ← Back to the review step
          </Link>
        }
      />
      <DeployPanel designId={designId} />
    </>
  );
}
