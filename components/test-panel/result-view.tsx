import Link from 'next/link';
import { SourceLinks } from '@/components/wizard/findings';
import { sourcesOf } from '@/lib/doctor/sources';
import { Button } from '@/components/ui/button';
import type { ExplanationView } from '@/lib/actions/test-panel/shared';
import type { HistoryRun } from '@/lib/store/history';
import { ExecutionLog } from './execution-log';
import { prettyBody } from '@/lib/test-panel/request';

const KIND_LABEL: Record<HistoryRun['kind'], string> = { 'test-invoke': 'Test invoke', 'invoke-url': 'Invoke URL', batch: 'Batch' };

export function kindLabel(kind: HistoryRun['kind']): string {
  return KIND_LABEL[kind];
}

function statusTone(status: number): string {
  return status < 300 ? 'bg-emerald-100 text-emerald-800' : status < 500 ? 'bg-amber-100 text-amber-900' : 'bg-red-100 text-red-800';
}

/** Status, latency, headers, the pretty-printed body and (test invoke) the execution log of one run. */
export function ResponseView({ run }: { run: HistoryRun }) {
  if (run.error) {
    return (
      <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
        <p className="font-medium">No response: {run.error.name}</p>
        <p className="font-mono text-xs">{run.error.message}</p>
      </div>
    );
  }
  const res = run.response;
  if (!res) return null;
  const body = prettyBody(res.body);
  return (
    <div className="space-y-3">
      <p className="flex flex-wrap items-center gap-3 text-sm">
        <span className={`rounded px-2 py-0.5 font-mono font-semibold ${statusTone(res.status)}`} data-testid="response-status">
          {res.status}
        </span>
        <span className="text-slate-600">
          {KIND_LABEL[run.kind]} · <span data-testid="response-latency">{res.latencyMs} ms</span>
        </span>
        {run.request.url ? <span className="break-all font-mono text-xs text-slate-500">{run.request.method} {run.request.url}</span> : null}
      </p>
      <div>
        <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-600">Body ({body.language})</h4>
        <pre className="mt-1 max-h-80 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs" data-testid="response-body">
          {body.text || '(empty)'}
        </pre>
      </div>
      <details>
        <summary className="cursor-pointer text-xs font-semibold uppercase tracking-wide text-slate-600">Headers ({res.headers.length})</summary>
        <table className="mt-1 w-full text-xs">
          <caption className="sr-only">Response headers</caption>
          <tbody>
            {res.headers.map(([k, v], i) => (
              <tr key={`${k}-${i}`} className="align-top">
                <th scope="row" className="pr-2 text-left font-mono font-normal text-slate-600">{k}</th>
                <td className="break-all font-mono">{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {res.log ? <ExecutionLog log={res.log} /> : null}
    </div>
  );
}

/** The delivery check: is the message in the queue, its body, attributes and the MD5 comparison. */
export function DeliveryView({ run, canDelete, onDelete, isDeleting, deleteError }: { run: HistoryRun; canDelete: boolean; onDelete: () => void; isDeleting: boolean; deleteError?: string }) {
  const d = run.delivery;
  if (!d) return null;
  return (
    <section aria-label="Delivery check" className="rounded-md border border-slate-200 p-3 text-sm" data-testid="delivery-check" data-state={d.state}>
      <h4 className="font-semibold">Delivery check</h4>
      {d.state === 'found' ? (
        <>
          <p className="mt-1">
            <span aria-hidden="true">✓ </span>Message <span className="font-mono text-xs" data-testid="delivered-message-id">{d.messageId}</span> is in the queue
            <span className="text-slate-500"> ({d.waitedMs} ms, <span className="break-all font-mono text-xs">{d.queueUrl}</span>)</span>
          </p>
          <p className="mt-1" data-testid="md5-check" data-match={d.md5Matches === undefined ? 'unknown' : String(d.md5Matches)}>
            {d.md5Matches === true ? (
              <span className="text-emerald-800">✓ MD5 matches: md5(body) = {d.md5Actual} = MD5OfMessageBody of the response</span>
            ) : d.md5Matches === false ? (
              <span className="text-red-800">✗ MD5 mismatch: md5(body) = {d.md5Actual}, the response said {d.md5Expected}</span>
            ) : (
              <span className="text-slate-600">md5(body) = {d.md5Actual}; the response carried no MD5OfMessageBody to compare with.</span>
            )}
          </p>
          <h5 className="mt-2 text-xs font-semibold uppercase tracking-wide text-slate-600">Body in the queue</h5>
          <pre className="mt-1 max-h-48 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs" data-testid="delivered-body">{d.body}</pre>
          {d.attributes && Object.keys(d.attributes).length > 0 ? (
            <details className="mt-1 text-xs">
              <summary className="cursor-pointer text-slate-600">Attributes</summary>
              <ul className="font-mono">
                {Object.entries(d.attributes).map(([k, v]) => <li key={k}>{k} = {v}</li>)}
                {Object.entries(d.messageAttributes ?? {}).map(([k, v]) => <li key={`ma-${k}`}>{k} ({v.dataType}) = {v.value}</li>)}
              </ul>
            </details>
          ) : null}
          <p className="mt-2 text-xs text-slate-500">The check read the queue without consuming: the message is visible again for your consumers.</p>
          {d.deleted ? (
            <p className="mt-1 text-emerald-800">Test message deleted.</p>
          ) : canDelete ? (
            <Button size="sm" className="mt-2" onClick={onDelete} disabled={isDeleting}>
              {isDeleting ? 'Deleting…' : 'Delete the test message'}
            </Button>
          ) : null}
          {deleteError ? <p role="alert" className="mt-1 text-red-700">{deleteError}</p> : null}
        </>
      ) : (
        <p className={`mt-1 ${d.state === 'error' ? 'text-red-800' : 'text-amber-900'}`}>
          {d.state === 'skipped' ? d.note : d.state === 'error' ? `Could not read the queue: ${d.error?.name}: ${d.error?.message}` : `✗ ${d.note ?? 'Not found in the queue.'}`}
        </p>
      )}
    </section>
  );
}

/** Why the send failed: the AWS error, the doctor's explanation and its fixes, each linked to its wizard step. */
export function ExplanationPanel({ explanation, onFix, fixingRule }: { explanation: ExplanationView; onFix?: (ruleId: string) => void; fixingRule?: string }) {
  return (
    <section aria-label="Why it failed" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-950" data-testid="error-explanation">
      <h4 className="font-semibold">
        <span data-testid="error-code">{explanation.code}</span>
        {explanation.message && explanation.message !== explanation.code ? <span className="font-normal">: {explanation.message}</span> : null}
      </h4>
      <p className="mt-1">{explanation.explanation}</p>
      <SourceLinks sources={sourcesOf(explanation.explanation)} />
      {explanation.findings.length > 0 ? (
        <ul className="mt-2 space-y-2">
          {explanation.findings.map((f) => (
            <li key={f.ruleId} className="rounded border border-red-200 bg-white p-2 text-slate-800" data-testid={`explain-finding-${f.ruleId}`}>
              <p className="font-medium">{f.title}</p>
              <p className="text-xs">{f.explanation}</p>
              {f.fixDescription ? <p className="mt-1 text-xs">Fix: {f.fixDescription}</p> : null}
              <div className="mt-2 flex flex-wrap gap-2">
                {f.stepHref ? (
                  <Link href={f.stepHref} className="text-xs font-medium text-brand-700 underline-offset-2 hover:underline">
                    Open the {f.stepTitle ?? 'wizard'} step
                  </Link>
                ) : null}
                {explanation.canFixAndResend && f.fixDescription && onFix ? (
                  <Button size="sm" variant="primary" disabled={fixingRule !== undefined} onClick={() => onFix(f.ruleId)}>
                    {fixingRule === f.ruleId ? 'Fixing, redeploying and resending…' : 'Fix and resend'}
                  </Button>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-xs">
          {explanation.ruleIds.length > 0
            ? 'The doctor checked the design and this request for the documented causes of this error and finds none of them.'
            : 'AWS documents no cause for this error that the doctor could check.'}
        </p>
      )}
    </section>
  );
}
