'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/dialog';
import { STEP_INFO, stepForField } from '@/lib/design/wizard-steps';
import { getApplyJobAction, type JobView, planDeployAction, startApplyAction, teardownAction, teardownPreviewAction } from '@/lib/actions/deploy';

const actionStyle: Record<string, string> = {
  create: 'bg-emerald-100 text-emerald-800',
  update: 'bg-amber-100 text-amber-900',
  noop: 'bg-slate-100 text-slate-600',
};

const statusIcon: Record<string, string> = { running: '◌', retrying: '↻', done: '✓', failed: '✗', skipped: '–', pending: '·' };

/**
 * `applyBlocked`: why this user cannot apply or tear down here (their role, a read-only connection); the buttons are
 * absent then. `runningJobId`: an apply already running (started in another tab, by someone else, or on another
 * console instance), whose progress the panel follows from the start.
 */
export function DeployPanel({ designId, applyBlocked, runningJobId }: { designId: string; applyBlocked?: string; runningJobId?: string }) {
  const client = useQueryClient();
  const plan = useQuery({ queryKey: ['plan', designId], queryFn: () => planDeployAction({ designId }) });
  const [jobId, setJobId] = useState<string | null>(runningJobId ?? null);
  const [confirming, setConfirming] = useState(false);
  const start = useMutation({
    mutationFn: (confirmFindings: boolean) => startApplyAction({ designId, confirmFindings }),
    onSuccess: (r) => {
      if (r.ok) setJobId(r.data.jobId);
    },
  });
  const job = useQuery({
    queryKey: ['apply-job', jobId],
    queryFn: () => getApplyJobAction({ jobId: jobId ?? '' }),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data?.ok && q.state.data.data.status !== 'running' ? false : 250),
  });
  const jobView = job.data?.ok ? job.data.data : undefined;
  // Once a teardown has run, its card stays so the user sees what was deleted even though nothing is deployed now.
  const [hasTornDown, setHasTornDown] = useState(false);
  const finished = jobView && jobView.status !== 'running';

  if (plan.isPending) return <p className="text-sm text-slate-500" role="status">Reading the live state…</p>;
  if (plan.isError) return <p role="alert" className="text-sm text-red-700">{String(plan.error)}</p>;
  const p = plan.data;
  if (!p.ok) {
    return (
      <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800">
        <p className="font-medium">{p.message}</p>
        {p.fieldErrors ? (
          <ul className="mt-2 list-disc pl-5">
            {Object.entries(p.fieldErrors).map(([field, msgs]) => (
              <li key={field}>
                <Link href={`/designs/${designId}/${stepForField(field)}`} className="underline">{STEP_INFO[stepForField(field)].title} step</Link>: {msgs.join(' ')}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    );
  }
  const view = p.data;
  return (
    <div className="space-y-6">
      <Card title={`Plan on ${view.connectionName}`}>
        <p className="mb-3 text-sm text-slate-600" aria-live="polite">
          {view.writes === 0 ? 'Nothing to do: everything already matches the design.' : `${view.writes} call${view.writes === 1 ? '' : 's'} to make`}
          {' · '}{view.reads} read{view.reads === 1 ? '' : 's'} of the live state
        </p>
        {view.problems.length > 0 ? (
          <ul role="alert" className="mb-3 list-disc rounded-md border border-red-200 bg-red-50 p-3 pl-8 text-sm text-red-800">
            {view.problems.map((x) => <li key={x}>{x}</li>)}
          </ul>
        ) : null}
        {view.warnings.length > 0 ? (
          <div role="alert" className="mb-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
            <p className="font-medium">Shared with something else</p>
            <ul className="list-disc pl-5">{view.warnings.map((x) => <li key={x}>{x}</li>)}</ul>
          </div>
        ) : null}
        {view.findings.length > 0 ? (
          <div role="alert" className="mb-3 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
            <p className="font-medium">The doctor finds {view.findings.length} error{view.findings.length === 1 ? '' : 's'} in this design; requests will fail until {view.findings.length === 1 ? 'it is' : 'they are'} fixed:</p>
            <ul className="list-disc pl-5">{view.findings.map((f) => <li key={f.title}><strong>{f.title}</strong> — {f.explanation}</li>)}</ul>
            <p className="mt-1"><Link href={`/designs/${designId}/review`} className="underline">Fix in the wizard</Link></p>
          </div>
        ) : null}
        <div className="mb-3 flex flex-wrap gap-2">
          {applyBlocked ? <p className="text-sm text-slate-600">{applyBlocked}</p> : <Button variant="primary" disabled={view.problems.length > 0 || start.isPending || (jobView?.status === 'running')} onClick={() => (view.findings.length > 0 || view.warnings.length > 0 ? setConfirming(true) : start.mutate(false))}>
            {jobView?.status === 'running' ? 'Applying…' : view.writes === 0 ? 'Apply (nothing to do)' : 'Apply'}
          </Button>}
          <ConfirmDialog
            open={confirming}
            title="Apply anyway?"
            confirmLabel="Apply anyway"
            variant="danger"
            onCancel={() => setConfirming(false)}
            onConfirm={() => { setConfirming(false); start.mutate(true); }}
          >
            {view.findings.length > 0 ? `The doctor finds ${view.findings.length} error${view.findings.length === 1 ? '' : 's'}: the deployed API will fail the way ${view.findings.length === 1 ? 'it describes' : 'they describe'}. ` : ''}
            {view.warnings.length > 0 ? 'This apply changes resources something else uses too (listed above).' : ''}
          </ConfirmDialog>
          <Button onClick={() => { setJobId(null); void client.invalidateQueries({ queryKey: ['plan', designId] }); }}>Re-read live state</Button>
        </div>
        <ol className="space-y-1 text-sm" aria-label="SDK calls">
          {view.steps.map((s, i) => (
            <li key={s.id} className="rounded border border-slate-100 px-2 py-1">
              <details>
                <summary className="flex cursor-pointer flex-wrap items-center gap-2">
                  <span className="w-6 text-right text-slate-500">{i + 1}.</span>
                  <span className={`rounded px-1.5 text-xs font-medium ${actionStyle[s.action]}`}>{s.action === 'noop' ? 'no change' : s.action}</span>
                  <span className="font-mono text-xs">{s.service}:{s.operation}</span>
                  <span className="text-slate-700">{s.description}</span>
                </summary>
                {s.changes.length > 0 ? (
                  <table className="mt-2 w-full text-xs">
                    <caption className="sr-only">Changes</caption>
                    <tbody>
                      {s.changes.map((c) => (
                        <tr key={c.field} className="align-top">
                          <th scope="row" className="pr-2 text-left font-mono font-normal text-slate-600">{c.field}</th>
                          <td className="pr-2"><del className="whitespace-pre-wrap break-all bg-red-50 font-mono text-red-800">{c.before ?? '(none)'}</del></td>
                          <td><ins className="whitespace-pre-wrap break-all bg-emerald-50 font-mono text-emerald-800 no-underline">{c.after ?? '(none)'}</ins></td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
                <pre className="mt-2 max-h-64 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs">{s.input}</pre>
              </details>
            </li>
          ))}
        </ol>
        {start.data && !start.data.ok ? <p role="alert" className="mt-2 text-sm text-red-700">{start.data.message}</p> : null}
      </Card>

      {jobView ? <Progress job={jobView} /> : jobId !== null ? <p role="status" className="text-sm text-slate-600">Starting the apply…</p> : null}
      {finished && jobView?.status === 'succeeded' ? (
        <div className="flex gap-2">
          <Link href={`/designs/${designId}/test`} className="inline-flex items-center rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700">
            Send a test message
          </Link>
          <Button onClick={() => { setJobId(null); void client.invalidateQueries({ queryKey: ['plan', designId] }); }}>Plan again</Button>
        </div>
      ) : null}
      {!applyBlocked && (view.deployed || jobView?.status === 'succeeded' || hasTornDown) ? <Teardown designId={designId} onDone={() => setHasTornDown(true)} /> : null}
    </div>
  );
}

function Progress({ job }: { job: JobView }) {
  const ref = useRef<HTMLDivElement>(null);
  // Keyboard and screen-reader users continue at the progress, which appears below the plan.
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} tabIndex={-1} aria-label="Apply progress" className="focus:outline-none">
    <Card title={job.status === 'running' ? 'Applying…' : job.status === 'succeeded' ? 'Applied' : 'Apply failed'}>
      <p className="mb-2 text-sm text-slate-600" role="status" aria-live="polite">
        {job.status === 'running' ? `Running for ${(job.elapsedMs / 1000).toFixed(1)} s` : `${job.status === 'succeeded' ? 'Done' : 'Stopped'} in ${(job.elapsedMs / 1000).toFixed(2)} s`}
        {job.result ? ` · ${job.result.calls} SDK call${job.result.calls === 1 ? '' : 's'}` : ''}
      </p>
      <ol className="space-y-1 text-sm" aria-label="Progress">
        {job.steps.map((s) => (
          <li key={s.stepId} className={`flex flex-wrap gap-2 ${s.status === 'failed' ? 'text-red-800' : ''}`} data-status={s.status}>
            <span aria-hidden="true" className="w-4">{statusIcon[s.status] ?? '·'}</span>
            <span>{s.description}</span>
            <span className="sr-only">{s.status}</span>
            <span className="text-xs text-slate-500">{s.elapsedMs} ms</span>
            {s.requestId ? <span className="font-mono text-xs text-slate-500">request {s.requestId}</span> : null}
            {s.message ? <span className="w-full pl-6 text-xs">{s.message}</span> : null}
          </li>
        ))}
      </ol>
      {job.result?.outputs.invokeUrl && job.status === 'succeeded' ? (
        <p className="mt-4 text-sm">
          Invoke URL: <code className="rounded bg-brand-50 px-1 font-mono text-brand-700" data-testid="invoke-url">{job.result.outputs.invokeUrl}</code>
        </p>
      ) : null}
      {job.status === 'failed' ? (
        <div role="alert" className="mt-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {job.result?.failed ? (
            <>
              <p className="font-medium">Step failed: {job.result.failed.description}</p>
              <p className="font-mono text-xs">{job.result.failed.error.name}: {job.result.failed.error.message}</p>
            </>
          ) : (
            <p className="font-medium">{job.crash}</p>
          )}
          {job.findings.length > 0 ? (
            <div className="mt-2">
              <p className="font-medium">The doctor sees these problems in the design:</p>
              <ul className="list-disc pl-5">{job.findings.map((f) => <li key={f.id}><strong>{f.title}</strong> — {f.explanation}</li>)}</ul>
            </div>
          ) : null}
          {job.rollback.length > 0 ? (
            <div className="mt-2">
              <p className="font-medium">Rolled back:</p>
              <ul className="list-disc pl-5">{job.rollback.map((r) => <li key={r.description}>{r.description} — {r.status === 'done' ? 'deleted' : r.status}{r.message ? ` (${r.message})` : ''}</li>)}</ul>
            </div>
          ) : <p className="mt-2">Nothing had been created, so nothing was rolled back.</p>}
        </div>
      ) : null}
    </Card>
    </div>
  );
}

function Teardown({ designId, onDone }: { designId: string; onDone: () => void }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const preview = useQuery({ queryKey: ['teardown', designId], queryFn: () => teardownPreviewAction({ designId }), enabled: open });
  const run = useMutation({
    mutationFn: () => teardownAction({ designId }),
    onSuccess: () => {
      onDone();
      void client.invalidateQueries({ queryKey: ['plan', designId] });
    },
  });
  return (
    <Card title="Tear down">
      <p className="mb-2 text-sm text-slate-600">Delete what this design created on the active connection. Resources that existed before Sluice touched them are never deleted.</p>
      <Button variant="danger" onClick={() => setOpen(true)}>Tear down…</Button>
      {run.data?.ok ? (
        <ul className="mt-2 text-sm" aria-live="polite">{run.data.data.results.map((r) => <li key={r.description}>{r.ok ? '✓ deleted' : `✗ ${r.error?.name}: ${r.error?.message}`} — {r.description}</li>)}</ul>
      ) : run.data ? <p role="alert" className="mt-2 text-sm text-red-700">{run.data.message}</p> : null}
      <ConfirmDialog open={open} title="Delete these resources?" confirmLabel="Delete" variant="danger" onCancel={() => setOpen(false)} onConfirm={() => { setOpen(false); run.mutate(); }}>
        {preview.data?.ok ? (
          <ul className="list-disc pl-5">{preview.data.data.items.map((i) => <li key={i}>{i}</li>)}</ul>
        ) : preview.data ? preview.data.message : 'Listing…'}
      </ConfirmDialog>
      <p className="mt-3 text-xs text-slate-500"><Link href="/integrations" className="underline">See it on the integrations dashboard</Link></p>
    </Card>
  );
}
