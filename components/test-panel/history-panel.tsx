'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/dialog';
import { clearHistoryAction, listHistoryAction } from '@/lib/actions/test-panel/history';
import type { TestTarget } from '@/lib/actions/test-panel/shared';
import type { HistoryRun } from '@/lib/store/history';
import { prettyBody } from '@/lib/test-panel/request';
import { kindLabel } from './result-view';

function summary(run: HistoryRun): string {
  if (run.batch) return `${run.batch.succeeded}/${run.batch.total} accepted${run.batch.delivery ? `, ${run.batch.delivery.received} received, ${run.batch.delivery.missing} missing` : ''}`;
  if (run.error) return `${run.error.name}`;
  if (!run.response) return '';
  if (run.errorCode) return `${run.response.status} ${run.errorCode} · ${run.response.latencyMs} ms`;
  const delivered = run.delivery ? (run.delivery.state === 'found' ? (run.delivery.md5Matches === false ? ' · in queue, MD5 mismatch' : ' · in queue ✓') : ` · ${run.delivery.state}`) : '';
  return `${run.response.status} · ${run.response.latencyMs} ms${delivered}`;
}

/** Every send of this design or integration: re-run, compare two side by side, clear. */
export function HistoryPanel({ target, historyKey, initial, onShow, onRerun }: { target: TestTarget; historyKey: readonly unknown[]; initial: HistoryRun[]; onShow: (run: HistoryRun) => void; onRerun: (run: HistoryRun) => void }) {
  const client = useQueryClient();
  const history = useQuery({
    queryKey: historyKey,
    queryFn: async () => {
      const r = await listHistoryAction({ target });
      if (!r.ok) throw new Error(r.message);
      return r.data;
    },
    initialData: initial,
  });
  const [selected, setSelected] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const clear = useMutation({
    mutationFn: () => clearHistoryAction({ target }),
    onSuccess: () => {
      setSelected([]);
      void client.invalidateQueries({ queryKey: historyKey });
    },
  });
  const runs = history.data ?? [];
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s.slice(-1), id]));
  const compared = selected.map((id) => runs.find((r) => r.id === id)).filter((r): r is HistoryRun => r !== undefined);
  return (
    <div className="space-y-3">
      {runs.length === 0 ? (
        <p className="text-sm text-slate-500">No sends yet.</p>
      ) : (
        <table className="w-full text-sm">
          <caption className="sr-only">Test history, most recent first</caption>
          <thead>
            <tr className="text-left text-xs text-slate-500">
              <th scope="col" className="pr-2 font-normal">Compare</th>
              <th scope="col" className="pr-2 font-normal">When</th>
              <th scope="col" className="pr-2 font-normal">Kind</th>
              <th scope="col" className="pr-2 font-normal">Request</th>
              <th scope="col" className="pr-2 font-normal">Result</th>
              <th scope="col" className="pr-2 font-normal">Design</th>
              <th scope="col" className="font-normal"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} className="border-t border-slate-100 align-top" data-testid="history-row" data-kind={r.kind}>
                <td className="py-1 pr-2">
                  <input type="checkbox" aria-label={`Compare the ${kindLabel(r.kind)} run of ${new Date(r.at).toLocaleTimeString()}`} checked={selected.includes(r.id)} onChange={() => toggle(r.id)} className="h-4 w-4" />
                </td>
                <td className="py-1 pr-2 whitespace-nowrap text-xs text-slate-600"><time dateTime={r.at}>{new Date(r.at).toLocaleString()}</time><br />{r.connectionName}</td>
                <td className="py-1 pr-2">{kindLabel(r.kind)}</td>
                <td className="py-1 pr-2 font-mono text-xs">{r.request.method} {r.request.path}{r.request.query ? `?${r.request.query}` : ''}</td>
                <td className="py-1 pr-2 text-xs">{summary(r)}</td>
                <td className="py-1 pr-2 text-xs whitespace-nowrap">{r.target.kind === 'design' && r.target.version !== undefined ? `version ${r.target.version}` : '—'}</td>
                <td className="py-1 whitespace-nowrap">
                  {r.kind !== 'batch' ? <Button size="sm" variant="ghost" onClick={() => onShow(r)} aria-label={`Show the ${kindLabel(r.kind)} run of ${new Date(r.at).toLocaleTimeString()}`}>Show</Button> : null}
                  {r.kind === 'batch' ? (
                    <Button size="sm" variant="ghost" onClick={() => onRerun(r)} aria-label={`Load the request of the batch of ${new Date(r.at).toLocaleTimeString()}`}>Load request</Button>
                  ) : (
                    <Button size="sm" variant="ghost" onClick={() => onRerun(r)} aria-label={`Re-run the ${kindLabel(r.kind)} run of ${new Date(r.at).toLocaleTimeString()}`}>Re-run</Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <p className="text-xs text-slate-500">{selected.length === 2 ? 'Comparing the two selected runs below.' : 'Tick two runs to compare them side by side.'}</p>
        <Button size="sm" variant="danger" disabled={runs.length === 0 || clear.isPending} onClick={() => setConfirming(true)}>Clear history…</Button>
      </div>
      {compared.length === 2 ? <Compare a={compared[0]!} b={compared[1]!} /> : null}
      <ConfirmDialog open={confirming} title="Clear the test history?" confirmLabel="Clear history" variant="danger" onCancel={() => setConfirming(false)} onConfirm={() => { setConfirming(false); clear.mutate(); }}>
        All {runs.length} recorded send{runs.length === 1 ? '' : 's'} of this {target.kind === 'design' ? 'design' : 'integration'} will be deleted. Messages in the queue are not touched.
      </ConfirmDialog>
    </div>
  );
}

function Column({ run }: { run: HistoryRun }) {
  return (
    <div className="min-w-0 space-y-1 text-xs">
      <p className="font-medium">{kindLabel(run.kind)} · <time dateTime={run.at}>{new Date(run.at).toLocaleString()}</time></p>
      <p className="font-mono">{run.request.method} {run.request.path}{run.request.query ? `?${run.request.query}` : ''}</p>
      <ul className="font-mono text-slate-600">{run.request.headers.map(([k, v], i) => <li key={`${k}-${i}`}>{k}: {v}</li>)}</ul>
      <pre className="max-h-40 overflow-auto rounded bg-slate-50 p-1 font-mono">{run.request.body}</pre>
      <p className="font-medium">{summary(run)}</p>
      {run.response ? <pre className="max-h-60 overflow-auto rounded bg-slate-50 p-1 font-mono">{prettyBody(run.response.body).text}</pre> : null}
      {run.delivery?.body !== undefined ? <p>Queue body: <span className="font-mono">{run.delivery.body}</span></p> : null}
    </div>
  );
}

function Compare({ a, b }: { a: HistoryRun; b: HistoryRun }) {
  const [older, newer] = a.at <= b.at ? [a, b] : [b, a];
  const diffs: string[] = [];
  if (older.request.body !== newer.request.body) diffs.push('request body');
  if (JSON.stringify(older.request.headers) !== JSON.stringify(newer.request.headers)) diffs.push('request headers');
  if (older.response?.status !== newer.response?.status) diffs.push('status');
  if (older.response?.body !== newer.response?.body) diffs.push('response body');
  return (
    <section aria-label="Compare runs" className="rounded-md border border-slate-200 p-3" data-testid="history-compare">
      <p className="mb-2 text-sm">{diffs.length === 0 ? 'The two runs are identical.' : `Different: ${diffs.join(', ')}.`}</p>
      <div className="grid gap-4 md:grid-cols-2">
        <Column run={older} />
        <Column run={newer} />
      </div>
    </section>
  );
}
