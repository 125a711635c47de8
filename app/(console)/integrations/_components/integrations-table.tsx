'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/dialog';
import { listIntegrationsAction, redeployStageAction } from '@/lib/actions/integrations';
import type { IntegrationDrift } from '@/lib/aws/discover';

function DriftBadge({ drift }: { drift: IntegrationDrift }) {
  switch (drift.state) {
    case 'in-sync':
      return <span className="rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-800">deployed = current</span>;
    case 'not-deployed':
      return <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">not deployed</span>;
    case 'drifted':
      return (
        <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900" title="The stage serves an older deployment; redeploy to make the current configuration live.">
          drift: {drift.fields.join(', ')} changed since the stage&apos;s deployment
        </span>
      );
    default:
      return <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600" title={drift.reason}>drift unknown</span>;
  }
}

/** "Redeploy stage" for a stage that serves an older deployment: CreateDeployment after a confirmation. */
function RedeployStage({ restApiId, apiName, stageName, fields }: { restApiId: string; apiName: string; stageName: string; fields: string[] }) {
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const redeploy = useMutation({
    mutationFn: () => redeployStageAction({ restApiId, stageName }),
    onSuccess: (r) => {
      if (r.ok) void client.invalidateQueries({ queryKey: ['integrations'] });
    },
  });
  const failed = redeploy.data && !redeploy.data.ok ? redeploy.data.message : undefined;
  return (
    <div className="mt-1">
      <Button size="sm" variant="secondary" onClick={() => setConfirming(true)} disabled={redeploy.isPending} aria-label={`Redeploy stage ${stageName} of ${apiName}`}>
        {redeploy.isPending ? 'Redeploying…' : 'Redeploy stage'}
      </Button>
      {redeploy.data?.ok ? <span role="status" className="ml-2 text-emerald-700">Redeployed: deployment {redeploy.data.data.deploymentId}</span> : null}
      {failed ? <p role="alert" className="mt-1 text-red-700">{failed}</p> : null}
      <ConfirmDialog
        open={confirming}
        title={`Redeploy stage ${stageName}?`}
        confirmLabel="Redeploy stage"
        onConfirm={() => {
          setConfirming(false);
          redeploy.mutate();
        }}
        onCancel={() => setConfirming(false)}
      >
        <p>
          A new deployment of {apiName} makes its current configuration live on stage {stageName}. What changes for callers: {fields.join(', ')}. Every other
          method of the API goes live as it is now, too.
        </p>
      </ConfirmDialog>
    </div>
  );
}

export function IntegrationsTable() {
  const q = useQuery({ queryKey: ['integrations'], queryFn: listIntegrationsAction, refetchInterval: 10_000 });
  if (q.isPending) return <p className="text-sm text-slate-500">Discovering integrations…</p>;
  if (q.isError) return <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">{String(q.error)}</p>;
  if (!q.data.ok) return <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">{q.data.message}</p>;
  const { integrations, connectionName } = q.data.data;
  return (
    <>
      <div className="mb-3 flex items-center justify-between">
        <p className="text-sm text-slate-600">{integrations.length} SQS integration{integrations.length === 1 ? '' : 's'} on {connectionName}.</p>
        <Button size="sm" onClick={() => void q.refetch()} disabled={q.isFetching}>{q.isFetching ? 'Refreshing…' : 'Refresh'}</Button>
      </div>
      {integrations.length === 0 ? (
        <p className="text-sm text-slate-600">None yet: finish a design and deploy it, or switch connection.</p>
      ) : (
        <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Integrations table">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">SQS integrations</caption>
          <thead>
            <tr className="border-b border-slate-200 text-slate-500">
              <th scope="col" className="py-2 pr-3 font-medium">API</th>
              <th scope="col" className="py-2 pr-3 font-medium">Method</th>
              <th scope="col" className="py-2 pr-3 font-medium">Queue</th>
              <th scope="col" className="py-2 pr-3 font-medium">Protocol</th>
              <th scope="col" className="py-2 font-medium">Stages</th>
            </tr>
          </thead>
          <tbody>
            {integrations.map((i) => (
              <tr key={`${i.restApiId}-${i.resourceId}-${i.httpMethod}`} className="border-b border-slate-100 align-top">
                <td className="py-2 pr-3">
                  <Link className="font-medium text-brand-700 underline-offset-2 hover:underline" href={`/integrations/${i.restApiId}/${i.resourceId}/${i.httpMethod}`}>
                    {i.apiName}
                  </Link>
                  <div className="font-mono text-xs text-slate-500">{i.restApiId}</div>
                  {i.design ? (
                    <Link className="text-xs text-brand-700 underline underline-offset-2" href={`/designs/${i.design.id}`}>
                      Open design {i.design.name}
                    </Link>
                  ) : (
                    <div className="text-xs text-slate-500">not from a Sluice design</div>
                  )}
                </td>
                <td className="py-2 pr-3 font-mono text-xs">{i.httpMethod} {i.path}</td>
                <td className="py-2 pr-3 font-mono text-xs">{i.queueName ?? 'named in the request body'}</td>
                <td className="py-2 pr-3">{i.protocol === 'json' ? 'AWS JSON' : 'AWS query'}</td>
                <td className="py-2">
                  <ul className="space-y-1">
                    {i.stages.length === 0 ? <li className="text-xs text-slate-500">no stage</li> : null}
                    {i.stages.map((s) => (
                      <li key={s.name} className="text-xs">
                        <span className="font-mono">{s.name}</span> <DriftBadge drift={s.drift} />
                        <div className="font-mono text-slate-500">{s.invokeUrl}</div>
                        {s.drift.state === 'drifted' ? <RedeployStage restApiId={i.restApiId} apiName={i.apiName} stageName={s.name} fields={s.drift.fields} /> : null}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </>
  );
}
