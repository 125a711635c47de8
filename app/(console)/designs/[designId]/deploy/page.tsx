import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DeployPanel } from '@/components/deploy/deploy-panel';
import { designIdSchema } from '@/lib/actions/ids';
import { currentCaller } from '@/lib/auth/caller';
import { hasRole } from '@/lib/auth/roles';
import { getActiveConnection } from '@/lib/aws/active';
import { runningJobFor } from '@/lib/aws/jobs';
import { getDesign } from '@/lib/store';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Deploy' };

export default async function DeployPage({ params }: { params: Promise<{ designId: string }> }) {
  const { designId } = await params;
  const stored = designIdSchema.safeParse(designId).success ? await getDesign(designId) : undefined;
  if (!stored) notFound();
  const [caller, connection] = await Promise.all([currentCaller(), getActiveConnection()]);
  const applyBlocked = !caller || !hasRole(caller.role, 'operator')
    ? `You are signed in with the ${caller?.role ?? 'no'} role; applying and tearing down need the operator role. Ask an admin.`
    : connection.kind !== 'sandbox' && connection.readOnly
      ? `${connection.name} is read-only: this console plans here but does not apply or tear down.`
      : undefined;
  const running = await runningJobFor(designId, connection.id);
  return (
    <section aria-labelledby="deploy-heading" className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="deploy-heading" className="text-lg font-semibold">Deploy</h2>
          <p className="max-w-3xl text-sm text-slate-600">
            Sluice reads what already exists on the active connection, lists every SDK call it will make, and applies them
            in order. If a step fails, everything this apply created is deleted again.
          </p>
        </div>
        <Link href={`/designs/${designId}/review`} className="text-sm text-brand-700 underline-offset-2 hover:underline">
          ← Back to the review step
        </Link>
      </div>
      <DeployPanel designId={designId} {...(applyBlocked ? { applyBlocked } : {})} {...(running ? { runningJobId: running.id } : {})} />
    </section>
  );
}
