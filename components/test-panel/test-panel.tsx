'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { CheckboxField, describedBy, FieldErrors, inputClasses } from '@/components/ui/field';
import { bodySizeProblems } from '@/lib/design/limits';
import { fixAndResendAction, type FixAndResendView } from '@/lib/actions/test-panel/fix';
import { deleteTestMessageAction, sendTestAction } from '@/lib/actions/test-panel/send';
import type { SendView, TestTarget } from '@/lib/actions/test-panel/shared';
import type { HistoryRun } from '@/lib/store/history';
import { BatchPanel } from './batch-panel';
import { HistoryPanel } from './history-panel';
import { buildCurl, buildTestInvokeCli, isSecretHeader, MASK, type SendRequest } from '@/lib/test-panel/request';
import { DeliveryView, ExplanationPanel, ResponseView } from './result-view';
import { malformedHeaderLines, parseHeaderLines } from '@/lib/gateway/sample-request';
import type { SamplePayload } from '@/lib/test-panel/samples';

export type TestPanelProps = {
  target: TestTarget;
  initialRequest: SendRequest;
  samples: SamplePayload[];
  /** The deployed stage's URL (`…/{stage}`); absent when no stage serves the method. */
  stageUrl?: string;
  cli: { restApiId: string; resourceId: string; region: string; endpointUrl?: string };
  isIamAuth: boolean;
  isApiKeyRequired: boolean;
  /** The API key the design's apply created, filled in for x-api-key. */
  initialApiKey?: { name: string; value: string };
  initialHistory: HistoryRun[];
};

const METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE', 'HEAD', 'OPTIONS'] as const;
type Method = SendRequest['method'];

function targetKey(t: TestTarget): string {
  return t.kind === 'design' ? `design:${t.designId}` : `integration:${t.restApiId}/${t.resourceId}/${t.httpMethod}`;
}

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

const headersText = (pairs: readonly (readonly [string, string])[]) => pairs.map(([k, v]) => `${k}: ${v}`).join('\n');

/** Builds requests, sends them three ways, shows what came back and what reached the queue, and keeps the history. */
export function TestPanel(props: TestPanelProps) {
  const id = useId();
  const client = useQueryClient();
  const router = useRouter();
  const key = targetKey(props.target);
  const historyKey = useMemo(() => ['test-history', key] as const, [key]);
  const [method, setMethod] = useState<Method>(props.initialRequest.method);
  const [path, setPath] = useState(props.initialRequest.path);
  const [query, setQuery] = useState(props.initialRequest.query);
  const [headers, setHeaders] = useState(headersText(props.initialRequest.headers));
  const [body, setBody] = useState(props.initialRequest.body);
  const [apiKey, setApiKey] = useState(props.initialApiKey?.value ?? '');
  const [isDeliveryCheck, setDeliveryCheck] = useState(true);
  const [shown, setShown] = useState<SendView | null>(null);
  const [lastKind, setLastKind] = useState<'test-invoke' | 'invoke-url'>('invoke-url');
  const [command, setCommand] = useState<{ label: string; text: string; copied: boolean } | null>(null);
  const storageKey = `sluice.test-samples.${key}`;
  const [saved, setSaved] = useState<SamplePayload[]>([]);
  const [isSavedLoaded, setSavedLoaded] = useState(false);
  const [fixResult, setFixResult] = useState<FixAndResendView | null>(null);

  // Saved samples live in this browser's localStorage, read on first use of the sample picker (not during render,
  // so the server-rendered HTML matches).
  const loadSaved = (): SamplePayload[] => {
    if (isSavedLoaded) return saved;
    let list: SamplePayload[] = [];
    try {
      const parsed: unknown = JSON.parse(window.localStorage.getItem(storageKey) ?? '[]');
      if (Array.isArray(parsed)) list = parsed.filter((s): s is SamplePayload => typeof s === 'object' && s !== null && typeof (s as SamplePayload).body === 'string' && typeof (s as SamplePayload).label === 'string' && typeof (s as SamplePayload).id === 'string');
    } catch {
      list = [];
    }
    setSaved(list);
    setSavedLoaded(true);
    return list;
  };

  const badHeaderLines = malformedHeaderLines(headers);
  const request = (): SendRequest => ({ method, path: path.startsWith('/') ? path : `/${path}`, query: query.replace(/^\?/, ''), headers: parseHeaderLines(headers), body });
  const allSamples = [...props.samples, ...saved];

  const send = useMutation({
    mutationFn: (v: { kind: 'test-invoke' | 'invoke-url'; request: SendRequest }) =>
      sendTestAction({ target: props.target, kind: v.kind, request: v.request, ...(apiKey ? { apiKey } : {}), deliveryCheck: isDeliveryCheck }),
    onMutate: (v) => {
      setLastKind(v.kind);
      setFixResult(null);
    },
    onSuccess: (r) => {
      if (r.ok) setShown(r.data);
      void client.invalidateQueries({ queryKey: historyKey });
    },
  });
  const fix = useMutation({
    mutationFn: (ruleId: string) =>
      fixAndResendAction({ designId: props.target.kind === 'design' ? props.target.designId : '', ruleId, kind: lastKind, request: request(), ...(apiKey ? { apiKey } : {}) }),
    onSuccess: (r) => {
      if (r.ok) {
        setFixResult(r.data);
        if (r.data.send) setShown(r.data.send);
        // The fix was saved to the design on the server; refreshing hands the wizard the new version.
        router.refresh();
      }
      void client.invalidateQueries({ queryKey: historyKey });
    },
  });
  const remove = useMutation({
    mutationFn: (v: { runId: string; receiptHandle: string }) => deleteTestMessageAction(v),
    onSuccess: (r) => {
      if (r.ok && shown?.run.delivery) setShown({ ...shown, run: { ...shown.run, delivery: { ...shown.run.delivery, deleted: true } } });
      void client.invalidateQueries({ queryKey: historyKey });
    },
  });

  const showCommand = async (label: string, text: string) => {
    let copied = false;
    try {
      await navigator.clipboard.writeText(text);
      copied = true;
    } catch {
      copied = false;
    }
    setCommand({ label, text, copied });
  };

  const loadSample = (sampleId: string) => {
    const s = allSamples.find((x) => x.id === sampleId);
    if (!s) return;
    setBody(s.body);
    if (s.headers) {
      const names = new Set(s.headers.map(([k]) => k.toLowerCase()));
      setHeaders(headersText([...parseHeaderLines(headers).filter(([k]) => !names.has(k.toLowerCase())), ...s.headers]));
    }
  };
  const saveSample = () => {
    const label = `Saved ${new Date().toLocaleString()}`;
    const next = [...loadSaved(), { id: `saved-${Date.now()}`, label, body, headers: parseHeaderLines(headers) }].slice(-20);
    setSaved(next);
    window.localStorage.setItem(storageKey, JSON.stringify(next));
  };

  const loadRun = (run: HistoryRun): SendRequest => {
    const m = METHODS.find((x) => x === run.request.method) ?? 'POST';
    // Masked secrets were never stored, so a re-run leaves them out instead of sending "****".
    const h = run.request.headers.filter(([k, v]) => !(isSecretHeader(k) && v === MASK));
    setMethod(m);
    setPath(run.request.path);
    setQuery(run.request.query);
    setHeaders(headersText(h));
    setBody(run.request.body);
    return { method: m, path: run.request.path, query: run.request.query, headers: h, body: run.request.body };
  };

  const busy = send.isPending || fix.isPending;
  // Checked before sending: a body over API Gateway's 10 MB would only come back as a 413.
  const bodySize = useMemo(() => bodySizeProblems(body), [body]);
  const blocked = busy || bodySize.error !== undefined;
  const result = shown;
  const failure = send.data && !send.data.ok ? send.data : fix.data && !fix.data.ok ? fix.data : undefined;

  return (
    <section aria-label="Test panel" className="space-y-6">
      <Card title="Request">
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            send.mutate({ kind: props.stageUrl ? 'invoke-url' : 'test-invoke', request: request() });
          }}
        >
          <div className="grid gap-3 sm:grid-cols-[8rem_minmax(0,1fr)_minmax(0,1fr)]">
            <div>
              <label htmlFor={`${id}-method`} className="block text-sm font-medium">Method</label>
              <select id={`${id}-method`} value={method} onChange={(e) => setMethod(METHODS.find((m) => m === e.target.value) ?? 'POST')} className={inputClasses}>
                {METHODS.map((m) => <option key={m}>{m}</option>)}
              </select>
            </div>
            <div>
              <label htmlFor={`${id}-path`} className="block text-sm font-medium">Path</label>
              <input id={`${id}-path`} value={path} onChange={(e) => setPath(e.target.value)} className={`${inputClasses} font-mono`} spellCheck={false} />
            </div>
            <div>
              <label htmlFor={`${id}-query`} className="block text-sm font-medium">Query string</label>
              <input id={`${id}-query`} value={query} onChange={(e) => setQuery(e.target.value)} placeholder="a=1&b=2" className={`${inputClasses} font-mono`} spellCheck={false} />
            </div>
          </div>
          <div>
            <label htmlFor={`${id}-sample`} className="block text-sm font-medium">Sample payload</label>
            <div className="flex flex-wrap gap-2">
              <select id={`${id}-sample`} defaultValue="" onFocus={() => loadSaved()} onChange={(e) => loadSample(e.target.value)} className={`${inputClasses} max-w-md`}>
                <option value="" disabled>Choose a sample…</option>
                {allSamples.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
              </select>
              <Button size="sm" onClick={saveSample}>Save body as sample</Button>
            </div>
          </div>
          <div>
            <label htmlFor={`${id}-headers`} className="block text-sm font-medium">Headers</label>
            <p id={`${id}-headers-hint`} className="text-xs text-slate-500">One <span className="font-mono">Name: value</span> per line.</p>
            <textarea
              id={`${id}-headers`}
              aria-describedby={`${id}-headers-hint${badHeaderLines.length > 0 ? ` ${id}-headers-error` : ''}`}
              aria-invalid={badHeaderLines.length > 0 ? true : undefined}
              rows={3}
              value={headers}
              onChange={(e) => setHeaders(e.target.value)}
              className={`${inputClasses} font-mono`}
              spellCheck={false}
            />
            {badHeaderLines.length > 0 ? (
              <p id={`${id}-headers-error`} role="alert" className="mt-1 text-xs text-red-700">
                {badHeaderLines.length === 1 ? 'This line is' : 'These lines are'} not a header (write <span className="font-mono">Name: value</span>):{' '}
                {badHeaderLines.map((l) => <span key={l} className="mr-2 font-mono">{JSON.stringify(l)}</span>)}
              </p>
            ) : null}
          </div>
          <div>
            <label htmlFor={`${id}-body`} className="block text-sm font-medium">Body</label>
            <textarea id={`${id}-body`} rows={6} value={body} onChange={(e) => setBody(e.target.value)} className={`${inputClasses} font-mono`} spellCheck={false} aria-invalid={bodySize.error ? true : undefined} aria-describedby={describedBy(`${id}-body`, undefined, bodySize.error ? [bodySize.error] : undefined)} />
            <FieldErrors id={`${id}-body`} errors={bodySize.error ? [bodySize.error] : undefined} />
            {bodySize.warning ? <p className="text-xs text-amber-800">{bodySize.warning}</p> : null}
          </div>
          {props.isApiKeyRequired ? (
            <div>
              <label htmlFor={`${id}-apikey`} className="block text-sm font-medium">API key (x-api-key)</label>
              <p id={`${id}-apikey-hint`} className="text-xs text-slate-500">
                {props.initialApiKey ? `Filled in with API key ${props.initialApiKey.name}, which the deploy created. ` : 'The method requires an API key: without one API Gateway answers 403 Forbidden. '}
                Sent with each invoke-URL request from the server; never stored or shown in the history.
              </p>
              <input id={`${id}-apikey`} type="password" autoComplete="off" aria-describedby={`${id}-apikey-hint`} value={apiKey} onChange={(e) => setApiKey(e.target.value)} className={`${inputClasses} max-w-md font-mono`} />
            </div>
          ) : null}
          {props.isIamAuth ? <p className="text-xs text-slate-500">This method uses AWS_IAM: invoke-URL sends are SigV4-signed on the server with the connection&apos;s credentials (service execute-api).</p> : null}
          <CheckboxField id={`${id}-delivery`} label="Check delivery after a successful send" hint="Looks for the message in the queue by MessageId without consuming it, and verifies its MD5." checked={isDeliveryCheck} onChange={(e) => setDeliveryCheck(e.target.checked)} />
          <div className="flex flex-wrap gap-2 pt-1">
            <Button variant="primary" disabled={blocked || !props.stageUrl || badHeaderLines.length > 0} onClick={() => send.mutate({ kind: 'invoke-url', request: request() })} title={props.stageUrl ? undefined : 'No stage serves this method'}>
              {send.isPending && send.variables?.kind === 'invoke-url' ? 'Sending…' : 'Send to invoke URL'}
            </Button>
            <Button disabled={blocked || badHeaderLines.length > 0} onClick={() => send.mutate({ kind: 'test-invoke', request: request() })}>
              {send.isPending && send.variables?.kind === 'test-invoke' ? 'Invoking…' : 'Test invoke'}
            </Button>
            <Button disabled={!props.stageUrl} onClick={() => void showCommand('curl', buildCurl(request(), { stageUrl: props.stageUrl ?? '', ...(props.isIamAuth ? { iamAuth: { region: props.cli.region } } : {}), apiKeyRequired: props.isApiKeyRequired }))}>
              Copy as curl
            </Button>
            <Button variant="ghost" onClick={() => void showCommand('AWS CLI', buildTestInvokeCli(request(), props.cli))}>Copy as AWS CLI</Button>
          </div>
          <p className="text-xs text-slate-500">
            <strong>Test invoke</strong> runs TestInvokeMethod on the current configuration (no deployment needed) and returns the execution log. <strong>Send to invoke URL</strong> makes a real HTTP request to the deployed stage{props.stageUrl ? <> <span className="break-all font-mono">{props.stageUrl}</span></> : ' (none yet)'}.
          </p>
        </form>
        {command ? (
          <div className="mt-3">
            <p className="text-xs text-slate-600" role="status">{command.copied ? `${command.label} command copied to the clipboard.` : `Select and copy the ${command.label} command:`}</p>
            <pre className="mt-1 overflow-auto rounded bg-slate-900 p-2 font-mono text-xs text-slate-100" aria-label={`${command.label} command`} data-testid="copied-command" tabIndex={0}>{command.text}</pre>
          </div>
        ) : null}
      </Card>

      <Card title="Result">
        <div aria-busy={busy} className="space-y-4" data-testid="test-result">
          <p role="status" aria-live="polite" className="text-sm font-medium text-slate-700" data-testid="result-summary">
            {busy ? (fix.isPending ? 'Applying the fix, redeploying and sending again…' : 'Sending…') : result ? resultSummary(result) : ''}
          </p>
          {failure ? <p role="alert" className="text-sm text-red-700">{failure.message}</p> : null}
          {fixResult ? (
            <p className="rounded-md border border-emerald-200 bg-emerald-50 p-2 text-sm text-emerald-900" data-testid="fix-result">
              Fixed: {fixResult.fixDescription} (design saved as version {fixResult.version}); {fixResult.apply.ok ? `redeployed with ${fixResult.apply.calls} call${fixResult.apply.calls === 1 ? '' : 's'} in ${(fixResult.apply.wallMs / 1000).toFixed(1)} s, then sent again.` : `the redeploy failed: ${fixResult.apply.failed ?? 'unknown error'}.`}
            </p>
          ) : null}
          {result ? (
            <>
              <ResponseView run={result.run} />
              {result.explanation ? <ExplanationPanel explanation={result.explanation} onFix={(ruleId) => fix.mutate(ruleId)} {...(fix.isPending && fix.variables ? { fixingRule: fix.variables } : {})} /> : null}
              <DeliveryView
                run={result.run}
                canDelete={Boolean(result.receiptHandle)}
                isDeleting={remove.isPending}
                {...(remove.data && !remove.data.ok ? { deleteError: remove.data.message } : {})}
                onDelete={() => result.receiptHandle && remove.mutate({ runId: result.run.id, receiptHandle: result.receiptHandle })}
              />
            </>
          ) : !busy ? (
            <p className="text-sm text-slate-500">Send a request to see the response here.</p>
          ) : null}
        </div>
      </Card>

      <Card title="Batch">
        <BatchPanel target={props.target} request={request} apiKey={apiKey} disabled={!props.stageUrl || busy || badHeaderLines.length > 0} historyKey={historyKey} />
      </Card>

      <Card title="History">
        <HistoryPanel
          target={props.target}
          historyKey={historyKey}
          initial={props.initialHistory}
          onShow={(run) => setShown({ run })}
          onRerun={(run) => {
            const req = loadRun(run);
            if (run.kind !== 'batch') send.mutate({ kind: run.kind, request: req });
          }}
        />
      </Card>
    </section>
  );
}
