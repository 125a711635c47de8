import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { PRESET_IDS, PRESETS } from '@/lib/design';
import { getActiveConnection } from '@/lib/aws/active';
import type { Connection } from '@/lib/aws/connections';
import { explainError } from '@/lib/doctor';
import { listDesigns } from '@/lib/store';
import { getDeployment } from '@/lib/store/deployments';
import { type HistoryRun, listHistory } from '@/lib/store/history';
import { CreateFromPresetButton } from './_components/create-from-preset-button';
import { DesignRowActions } from './_components/design-row-actions';

export const metadata = { title: 'Designs' };
// The list reads the console database on every request.
export const dynamic = 'force-dynamic';

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** One line about a design's last test send: its status and, for a failure, the error code. */
function lastTestText(run: HistoryRun | undefined): string | undefined {
  if (!run) return undefined;
  if (run.error) return `last test failed: ${run.error.name}`;
  if (!run.response) return undefined;
  const { status, headers, body } = run.response;
  const delivered = run.delivery?.state === 'found' ? ', message in the queue' : '';
  return status < 300 && !run.delivery?.error ? `last test ${status}${delivered}` : `last test ${status} ${explainError(status, headers, body).code}`;
}

export default async function DesignsPage() {
  const designs = await listDesigns();
  const connection = await getActiveConnection();
  return (
    <>
      <PageHeader
        title="Designs"
        description="A design describes one API Gateway method that sends to Amazon SQS: queue, execution role, protocol, mappings and responses. Start from a preset that follows the AWS documentation."
      />
      <section aria-labelledby="your-designs" className="mb-8">
        <h2 id="your-designs" className="mb-3 text-lg font-semibold">
          Your designs
        </h2>
        {designs.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-5 text-sm text-slate-600">No designs yet. Create one from a preset below.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {designs.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
                <div className="min-w-0">
                  <Link href={`/designs/${d.id}/${d.furthestStep === 'review' ? 'review' : 'queue'}`} className="font-medium text-brand-700 [overflow-wrap:anywhere] hover:underline">
                    {d.name}
                  </Link>
                  <p className="text-xs text-slate-600">
                    {d.protocol === 'json' ? 'AWS JSON protocol' : 'AWS query protocol'} · queue {d.queueName || '(unnamed)'} · saved {dateFormat.format(new Date(d.updatedAt))} UTC
                  </p>
                  <DesignStatus designId={d.id} connection={connection} />
                </div>
                <DesignRowActions id={d.id} name={d.name} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="new-design">
        <h2 id="new-design" className="mb-3 text-lg font-semibold">
          New design from a preset
        </h2>
        <div className="grid gap-4 md:grid-cols-2">
          {PRESET_IDS.map((id) => (
            <Card key={id} title={PRESETS[id].title}>
              <p className="mb-3 text-sm text-slate-600 [overflow-wrap:anywhere]">{PRESETS[id].summary}</p>
              <CreateFromPresetButton presetId={id} title={PRESETS[id].title} />
            </Card>
          ))}
        </div>
      </section>
    </>
  );
}

/** Deployed or not on the active connection, the invoke URL, and the last test result. */
async function DesignStatus({ designId, connection }: { designId: string; connection: Connection }) {
  const deployment = await getDeployment(designId, connection.id);
  const lastTest = lastTestText((await listHistory({ kind: 'design', designId, name: '' }, 1))[0]);
  return (
    <p className="text-xs text-slate-600" data-testid="design-status">
      {deployment ? (
        <>
          <span className="font-medium text-emerald-800">Deployed</span> on {connection.name}
          {deployment.invokeUrl ? (
            <>
              {' '}· <span className="font-mono [overflow-wrap:anywhere]" data-testid="design-invoke-url">{deployment.invokeUrl}</span>
            </>
          ) : null}
        </>
      ) : (
        <>Not deployed on {connection.name}</>
      )}
      {lastTest ? <> · {lastTest}</> : null}
    </p>
  );
}
