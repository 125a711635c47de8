'use client';

import type { FixAndResendView } from '@/lib/actions/test-panel/fix';
import type { SendView } from '@/lib/actions/test-panel/shared';
import { DeliveryView, ExplanationPanel, ResponseView } from './result-view';

/** One sentence for the live region: what came back and whether the message is in the queue. */
function resultSummary(view: SendView): string {
  const { run } = view;
  const kind = run.kind === 'test-invoke' ? 'Test invoke' : 'Invoke URL';
  if (run.error) return `${kind} failed: ${run.error.name}.`;
  if (!run.response) return '';
  const parts = [`${kind} answered ${run.response.status} in ${run.response.latencyMs} ms`];
  if (view.explanation) parts.push(`${view.explanation.code}: see why it failed below`);
  const d = run.delivery;
  if (d?.state === 'found') parts.push(d.md5Matches === false ? 'message in the queue, MD5 mismatch' : d.md5Matches ? 'message in the queue, MD5 matches' : 'message in the queue');
  else if (d?.state === 'not-found') parts.push('message not found in the queue');
  return `${parts.join('; ')}.`;
}

export type ResultAreaProps = {
  result: SendView | null;
  busy: boolean;
  isFixing: boolean;
  /** The rule whose fix is being applied, if any. */
  fixingRule?: string;
  failure?: { message: string };
  fixResult: FixAndResendView | null;
  onFix: (ruleId: string) => void;
  isDeleting: boolean;
  deleteError?: string;
  onDelete: (receiptHandle: string) => void;
};

/** What the last send got back: a spoken summary, the response, why it failed (with a fix), and the delivery check. */
export function ResultArea(props: ResultAreaProps) {
  const { result, busy } = props;
  return (
    <div aria-busy={busy} className="space-y-4" data-testid="test-result">
      <p role="status" aria-live="polite" className="text-sm font-medium text-slate-700" data-testid="result-summary">
        {busy ? (props.isFixing ? 'Applying the fix, redeploying and sending again…' : 'Sending…') : result ? resultSummary(result) : ''}
      </p>
      {props.failure ? <p role="alert" className="text-sm text-red-700">{props.failure.message}</p> : null}
      {props.fixResult ? (
        <p className="rounded-md border border-emerald-200 bg-emerald-50 p-2 text-sm text-emerald-900" data-testid="fix-result">
          Fixed: {props.fixResult.fixDescription} (design saved as version {props.fixResult.version}); {props.fixResult.apply.ok ? `redeployed with ${props.fixResult.apply.calls} call${props.fixResult.apply.calls === 1 ? '' : 's'} in ${(props.fixResult.apply.wallMs / 1000).toFixed(1)} s, then sent again.` : `the redeploy failed: ${props.fixResult.apply.failed ?? 'unknown error'}.`}
        </p>
      ) : null}
      {result ? (
        <>
          <ResponseView run={result.run} />
          {result.explanation ? <ExplanationPanel explanation={result.explanation} onFix={props.onFix} {...(props.fixingRule !== undefined ? { fixingRule: props.fixingRule } : {})} /> : null}
          <DeliveryView
            run={result.run}
            canDelete={Boolean(result.receiptHandle)}
            isDeleting={props.isDeleting}
            {...(props.deleteError !== undefined ? { deleteError: props.deleteError } : {})}
            onDelete={() => result.receiptHandle && props.onDelete(result.receiptHandle)}
          />
        </>
      ) : !busy ? (
        <p className="text-sm text-slate-500">Send a request to see the response here.</p>
      ) : null}
    </div>
  );
}
