'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { inputClasses } from '@/components/ui/field';
import { getBatchJobAction, startBatchAction } from '@/lib/actions/test-panel/batch';
import type { TestTarget } from '@/lib/actions/test-panel/shared';
import type { SendRequest } from '@/lib/test-panel/request';

/** N invoke-URL sends with bounded concurrency, polled progress, then a count of what reached the queue. */
export function BatchPanel({ target, request, apiKey, disabled, historyKey }: { target: TestTarget; request: () => SendRequest; apiKey: string; disabled: boolean; historyKey: readonly unknown[] }) {
  const id = useId();
  const client = useQueryClient();
  const [count, setCount] = useState(200);
  const [concurrency, setConcurrency] = useState(10);
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: () => startBatchAction({ target, request: request(), count, concurrency, ...(apiKey ? { apiKey } : {}) }),
    onSuccess: (r) => {
      if (r.ok) setJobId(r.data.jobId);
    },
  });
  const job = useQuery({
    queryKey: ['batch-job', jobId],
    queryFn: async () => {
      const r = await getBatchJobAction({ jobId: jobId ?? '' });
      if (r.ok && (r.data.status === 'done' || r.data.status === 'failed')) void client.invalidateQueries({ queryKey: historyKey });
      return r;
    },
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data?.ok && (q.state.data.data.status === 'done' || q.state.data.data.status === 'failed') ? false : 300),
  });
  const view = job.data?.ok ? job.data.data : undefined;
  const running = view ? view.status === 'sending' || view.status === 'checking' : start.isPending;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={`${id}-count`} className="block text-sm font-medium">Messages</label>
          <input id={`${id}-count`} type="number" min={1} max={1000} value={count} onChange={(e) => setCount(Number(e.target.value))} className={`${inputClasses} w-28`} />
        </div>
        <div>
          <label htmlFor={`${id}-concurrency`} className="block text-sm font-medium">At a time</label>
          <input id={`${id}-concurrency`} type="number" min={1} max={25} value={concurrency} onChange={(e) => setConcurrency(Number(e.target.value))} className={`${inputClasses} w-24`} />
        </div>
        <Button variant="primary" disabled={disabled || running} onClick={() => { setJobId(null); start.mutate(); }}>
          {running ? 'Batch running…' : `Send ${count} messages`}
        </Button>
      </div>
      <p className="text-xs text-slate-500">
        Each message goes to the invoke URL with the request above. Afterwards Sluice receives from the queue and counts the batch&apos;s messages by
        MessageId, deleting each one it counts (receive-and-delete into a tally); messages that are not from this batch are made visible again.
      </p>
      {start.data && !start.data.ok ? <p role="alert" className="text-sm text-red-700">{start.data.message}</p> : null}
      {job.data && !job.data.ok ? <p role="alert" className="text-sm text-red-700">{job.data.message}</p> : null}
      {view ? (
        <div aria-live="polite" className="space-y-2 text-sm" data-testid="batch-progress" data-status={view.status}>
          <progress className="w-full" max={view.total} value={view.sent} aria-label="Messages sent" />
          <p>
            <span data-testid="batch-sent">{view.sent}</span> of {view.total} sent · {view.succeeded} accepted · {view.failed} failed · {view.ratePerSecond} requests/s ·{' '}
            {(view.elapsedMs / 1000).toFixed(1)} s
            {view.status === 'checking' ? ' · counting messages in the queue…' : ''}
          </p>
          {view.errors.length > 0 ? (
            <ul className="list-disc pl-5 text-red-800">
              {view.errors.map((e) => <li key={e.key}>{e.count} × {e.key}</li>)}
            </ul>
          ) : null}
          {view.delivery ? (
            <p className={view.delivery.missing === 0 ? 'text-emerald-800' : 'text-red-800'} data-testid="batch-delivery">
              {view.delivery.missing === 0 ? '✓ ' : '✗ '}
              <span data-testid="batch-received">{view.delivery.received}</span> received, <span data-testid="batch-missing">{view.delivery.missing}</span> missing of{' '}
              {view.delivery.expected} accepted (counted by MessageId and deleted in {(view.delivery.waitedMs / 1000).toFixed(1)} s
              {view.delivery.others > 0 ? `; ${view.delivery.others} other messages left in the queue` : ''})
              {view.delivery.error ? ` — stopped: ${view.delivery.error}` : ''}
            </p>
          ) : view.status === 'done' && view.succeeded === 0 ? (
            <p className="text-red-800">No message was accepted, so there is nothing to count in the queue.</p>
          ) : null}
          {view.crash ? <p role="alert" className="text-red-700">{view.crash}</p> : null}
        </div>
      ) : null}
    </div>
  );
}
