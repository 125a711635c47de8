'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { inputClasses } from '@/components/ui/field';
import { getBatchJobAction, startBatchAction } from '@/lib/actions/test-panel/batch';
import type { TestTarget } from '@/lib/actions/test-panel/shared';
import { BATCH_LIMITS, type SendRequest } from '@/lib/test-panel/request';

const MAX_COUNT = BATCH_LIMITS.count;
const MAX_CONCURRENCY = BATCH_LIMITS.concurrency;

function wholeNumberError(text: string, label: string, min: number, max: number): string | undefined {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) return `${label} must be a whole number from ${min} to ${max.toLocaleString('en')}.`;
  return undefined;
}

/** N invoke-URL sends with bounded concurrency, polled progress, then a count of what reached the queue. */
export function BatchPanel({ target, request, apiKey, disabled, historyKey }: { target: TestTarget; request: () => SendRequest; apiKey: string; disabled: boolean; historyKey: readonly unknown[] }) {
  const id = useId();
  const client = useQueryClient();
  const [countText, setCount] = useState('200');
  const [concurrencyText, setConcurrency] = useState('10');
  const count = Number(countText);
  const concurrency = Number(concurrencyText);
  const countError = wholeNumberError(countText, 'Messages', 1, MAX_COUNT);
  const concurrencyError = wholeNumberError(concurrencyText, 'At a time', 1, MAX_CONCURRENCY);
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
          <input
            id={`${id}-count`}
            type="number"
            min={1}
            max={MAX_COUNT}
            step={1}
            value={countText}
            aria-invalid={countError ? true : undefined}
            aria-describedby={countError ? `${id}-count-error` : undefined}
            onChange={(e) => setCount(e.target.value)}
            className={`${inputClasses} w-28`}
          />
        </div>
        <div>
          <label htmlFor={`${id}-concurrency`} className="block text-sm font-medium">At a time</label>
          <input
            id={`${id}-concurrency`}
            type="number"
            min={1}
            max={MAX_CONCURRENCY}
            step={1}
            value={concurrencyText}
            aria-invalid={concurrencyError ? true : undefined}
            aria-describedby={concurrencyError ? `${id}-concurrency-error` : undefined}
            onChange={(e) => setConcurrency(e.target.value)}
            className={`${inputClasses} w-24`}
          />
        </div>
        <Button variant="primary" disabled={disabled || running || countError !== undefined || concurrencyError !== undefined} onClick={() => { setJobId(null); start.mutate(); }}>
          {running ? 'Batch running…' : countError ? 'Send messages' : `Send ${count} messages`}
        </Button>
      </div>
      {countError ? <p id={`${id}-count-error`} role="alert" className="text-sm text-red-700">{countError}</p> : null}
      {concurrencyError ? <p id={`${id}-concurrency-error`} role="alert" className="text-sm text-red-700">{concurrencyError}</p> : null}
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
