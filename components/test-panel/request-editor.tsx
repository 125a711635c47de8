'use client';

import { useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { describedBy, FieldErrors, inputClasses } from '@/components/ui/field';
import { bodySizeProblems } from '@/lib/design/limits';
import { malformedHeaderLines, parseHeaderLines } from '@/lib/gateway/sample-request';
import type { HistoryRun } from '@/lib/store/history';
import { isSecretHeader, MASK, type SendRequest } from '@/lib/test-panel/request';
import type { SamplePayload } from '@/lib/test-panel/samples';
import { useSavedSamples } from './saved-samples';

const METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE', 'HEAD', 'OPTIONS'] as const;
type Method = SendRequest['method'];

const headersText = (pairs: readonly (readonly [string, string])[]) => pairs.map(([k, v]) => `${k}: ${v}`).join('\n');

/** The request being edited (method, path, query, header lines, body, API key) and what can be loaded into it. */
export function useRequestDraft(initial: SendRequest, initialApiKey: string, samples: SamplePayload[], storageKey: string) {
  const [method, setMethod] = useState<Method>(initial.method);
  const [path, setPath] = useState(initial.path);
  const [query, setQuery] = useState(initial.query);
  const [headers, setHeaders] = useState(headersText(initial.headers));
  const [body, setBody] = useState(initial.body);
  const [apiKey, setApiKey] = useState(initialApiKey);
  const { saved, loadSaved, saveSample } = useSavedSamples(storageKey);
  const allSamples = [...samples, ...saved];

  const request = (): SendRequest => ({ method, path: path.startsWith('/') ? path : `/${path}`, query: query.replace(/^\?/, ''), headers: parseHeaderLines(headers), body });

  const loadSample = (sampleId: string) => {
    const s = allSamples.find((x) => x.id === sampleId);
    if (!s) return;
    setBody(s.body);
    if (s.headers) {
      const names = new Set(s.headers.map(([k]) => k.toLowerCase()));
      setHeaders(headersText([...parseHeaderLines(headers).filter(([k]) => !names.has(k.toLowerCase())), ...s.headers]));
    }
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

  return {
    method, setMethod, path, setPath, query, setQuery, headers, setHeaders, body, setBody, apiKey, setApiKey,
    badHeaderLines: malformedHeaderLines(headers),
    allSamples,
    loadSaved,
    saveSample: () => saveSample({ body, headers: parseHeaderLines(headers) }),
    loadSample,
    loadRun,
    request,
  };
}

export type RequestDraft = ReturnType<typeof useRequestDraft>;

/** The request fields of the Test panel's form: method, path, query string, sample picker, headers, body, API key. */
export function RequestEditor({ id, draft, isApiKeyRequired, isIamAuth, initialApiKey }: { id: string; draft: RequestDraft; isApiKeyRequired: boolean; isIamAuth: boolean; initialApiKey?: { name: string; value: string } }) {
  const bodySize = useMemo(() => bodySizeProblems(draft.body), [draft.body]);
  const { badHeaderLines } = draft;
  return (
    <>
      <div className="grid gap-3 sm:grid-cols-[8rem_minmax(0,1fr)_minmax(0,1fr)]">
        <div>
          <label htmlFor={`${id}-method`} className="block text-sm font-medium">Method</label>
          <select id={`${id}-method`} value={draft.method} onChange={(e) => draft.setMethod(METHODS.find((m) => m === e.target.value) ?? 'POST')} className={inputClasses}>
            {METHODS.map((m) => <option key={m}>{m}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-path`} className="block text-sm font-medium">Path</label>
          <input id={`${id}-path`} value={draft.path} onChange={(e) => draft.setPath(e.target.value)} className={`${inputClasses} font-mono`} spellCheck={false} />
        </div>
        <div>
          <label htmlFor={`${id}-query`} className="block text-sm font-medium">Query string</label>
          <input id={`${id}-query`} value={draft.query} onChange={(e) => draft.setQuery(e.target.value)} placeholder="a=1&b=2" className={`${inputClasses} font-mono`} spellCheck={false} />
        </div>
      </div>
      <div>
        <label htmlFor={`${id}-sample`} className="block text-sm font-medium">Sample payload</label>
        <div className="flex flex-wrap gap-2">
          <select id={`${id}-sample`} defaultValue="" onFocus={() => draft.loadSaved()} onChange={(e) => draft.loadSample(e.target.value)} className={`${inputClasses} max-w-md`}>
            <option value="" disabled>Choose a sample…</option>
            {draft.allSamples.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
          </select>
          <Button size="sm" onClick={draft.saveSample}>Save body as sample</Button>
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
          value={draft.headers}
          onChange={(e) => draft.setHeaders(e.target.value)}
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
        <textarea id={`${id}-body`} rows={6} value={draft.body} onChange={(e) => draft.setBody(e.target.value)} className={`${inputClasses} font-mono`} spellCheck={false} aria-invalid={bodySize.error ? true : undefined} aria-describedby={describedBy(`${id}-body`, undefined, bodySize.error ? [bodySize.error] : undefined)} />
        <FieldErrors id={`${id}-body`} errors={bodySize.error ? [bodySize.error] : undefined} />
        {bodySize.warning ? <p className="text-xs text-amber-800">{bodySize.warning}</p> : null}
      </div>
      {isApiKeyRequired ? (
        <div>
          <label htmlFor={`${id}-apikey`} className="block text-sm font-medium">API key (x-api-key)</label>
          <p id={`${id}-apikey-hint`} className="text-xs text-slate-500">
            {initialApiKey ? `Filled in with API key ${initialApiKey.name}, which the deploy created. ` : 'The method requires an API key: without one API Gateway answers 403 Forbidden. '}
            Sent with each invoke-URL request from the server; never stored or shown in the history.
          </p>
          <input id={`${id}-apikey`} type="password" autoComplete="off" aria-describedby={`${id}-apikey-hint`} value={draft.apiKey} onChange={(e) => draft.setApiKey(e.target.value)} className={`${inputClasses} max-w-md font-mono`} />
        </div>
      ) : null}
      {isIamAuth ? <p className="text-xs text-slate-500">This method uses AWS_IAM: invoke-URL sends are SigV4-signed on the server with the connection&apos;s credentials (service execute-api).</p> : null}
    </>
  );
}
