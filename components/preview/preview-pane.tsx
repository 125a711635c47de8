'use client';

import { useMemo } from 'react';
import type { IntegrationDesign } from '@/lib/design';
import type { BuildResult } from '@/lib/gateway';
import { formatExecutionLog } from '@/lib/gateway/log';
import { parseFormBody } from '@/lib/doctor/form';
import type { WizardEngine } from '@/components/wizard/engine';
import type { FlowStage } from '@/lib/design/wizard-steps';
import { FlowDiagram } from './flow-diagram';
import { SAMPLE_BODY_IDS, SAMPLE_BODY_LABELS, sampleBody, toGatewaySample, type SampleRequest } from '@/lib/gateway/sample-request';
import { inputClasses } from '@/components/ui/field';

type Props = {
  design: IntegrationDesign;
  sample: SampleRequest;
  onSampleChange: (edit: (s: SampleRequest) => SampleRequest) => void;
  activeStages: readonly FlowStage[];
  /** Fixed so that server and browser render the same execution log timestamps. */
  requestTime: Date;
  /** lib/gateway (through the wizard's lazily loaded engine); null until loaded. */
  engine: Pick<WizardEngine, 'previewDesign'> | null;
  /** What to show until the engine is loaded: the server's preview of the stored design. */
  initialResult: BuildResult;
};


function parsedJsonBody(body: string): { ok: true; text: string } | { ok: false; message: string } {
  try {
    return { ok: true, text: JSON.stringify(JSON.parse(body), null, 2) };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : 'invalid JSON' };
  }
}

/** The live preview: an editable sample method request and the integration request lib/gateway builds from it. */
export function PreviewPane({ design, sample, onSampleChange, activeStages, requestTime, engine, initialResult }: Props) {
  const result: BuildResult = useMemo(() => (engine ? engine.previewDesign(design, toGatewaySample(sample), { requestTime }) : initialResult), [design, sample, requestTime, engine, initialResult]);
  const set = (field: keyof SampleRequest) => (e: { target: { value: string } }) => {
    const value = e.target.value;
    onSampleChange((s) => ({ ...s, [field]: value }));
  };

  return (
    <section aria-labelledby="preview-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="preview-heading" className="text-base font-semibold">
        Live preview
      </h2>
      <FlowDiagram active={activeStages} />

      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold">Sample method request</legend>
        <div className="flex gap-2">
          <div className="w-28">
            <label htmlFor="sample-method" className="block text-xs font-medium text-slate-700">
              Method
            </label>
            <select id="sample-method" className={inputClasses} value={sample.httpMethod} onChange={set('httpMethod')}>
              {['POST', 'PUT', 'PATCH', 'GET', 'DELETE'].map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </div>
          <div className="flex-1">
            <label htmlFor="sample-path" className="block text-xs font-medium text-slate-700">
              Path
            </label>
            <input id="sample-path" className={`${inputClasses} font-mono`} value={sample.path} onChange={set('path')} />
          </div>
        </div>
        <div>
          <label htmlFor="sample-query" className="block text-xs font-medium text-slate-700">
            Query string
          </label>
          <input id="sample-query" className={`${inputClasses} font-mono`} placeholder="name=value&other=1" value={sample.query} onChange={set('query')} />
        </div>
        <div>
          <label htmlFor="sample-headers" className="block text-xs font-medium text-slate-700">
            Headers (one <code>Name: value</code> per line)
          </label>
          <textarea id="sample-headers" rows={2} className={`${inputClasses} font-mono text-xs`} value={sample.headers} onChange={set('headers')} />
        </div>
        <div>
          <label htmlFor="sample-body-preset" className="block text-xs font-medium text-slate-700">
            Sample body
          </label>
          <select
            id="sample-body-preset"
            className={inputClasses}
            value=""
            onChange={(e) => {
              const id = SAMPLE_BODY_IDS.find((x) => x === e.target.value);
              if (id) onSampleChange((s) => ({ ...s, body: sampleBody(id, design) }));
            }}
          >
            <option value="">Choose a sample body…</option>
            {SAMPLE_BODY_IDS.map((id) => (
              <option key={id} value={id}>
                {SAMPLE_BODY_LABELS[id]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="sample-body" className="block text-xs font-medium text-slate-700">
            Request body
          </label>
          <textarea id="sample-body" rows={4} spellCheck={false} className={`${inputClasses} font-mono text-xs`} value={sample.body} onChange={set('body')} />
        </div>
      </fieldset>

      <IntegrationRequestView result={result} protocol={design.protocol} />

      <details className="text-xs">
        <summary className="cursor-pointer text-sm font-semibold">Execution log (TestInvokeMethod format)</summary>
        <pre data-testid="execution-log" className="mt-2 max-h-72 overflow-auto rounded bg-slate-900 p-2 whitespace-pre-wrap text-slate-100">
          {formatExecutionLog(result.log)}
        </pre>
      </details>
    </section>
  );
}

function IntegrationRequestView({ result, protocol }: { result: BuildResult; protocol: IntegrationDesign['protocol'] }) {
  if (result.kind === 'method-error') {
    const vtl = result.error?.kind === 'template' ? result.error.vtl : undefined;
    return (
      <div role="status" aria-live="polite" className="space-y-2">
        <h3 className="text-sm font-semibold">Integration request</h3>
        <div data-testid="preview-error" className="rounded-md border border-red-200 bg-red-50 p-3 text-xs text-red-900">
          <p className="font-semibold">
            API Gateway answers {result.status} before calling SQS
          </p>
          <pre className="mt-1 whitespace-pre-wrap">{result.body}</pre>
          {vtl ? (
            <p className="mt-1">
              Template error at line {vtl.line}, column {vtl.column}: {vtl.message}
            </p>
          ) : null}
          {result.error?.kind === 'unsupported-media-type' ? <p className="mt-1">No mapping template for {result.error.contentType} and passthrough does not allow it.</p> : null}
          {result.error?.kind === 'missing-parameters' ? <p className="mt-1">Missing required parameters: {result.error.names.join(', ')}</p> : null}
        </div>
      </div>
    );
  }
  const { request } = result;
  const json = protocol === 'json' ? parsedJsonBody(request.body) : undefined;
  const form = protocol === 'query' ? parseFormBody(request.body) : undefined;
  return (
    <div className="space-y-2">
      <h3 className="text-sm font-semibold">Integration request to SQS</h3>
      <p className="text-xs text-slate-500">
        {result.passthrough ? 'No template matched: the body is passed through unchanged.' : `Template for ${result.templateUsed ?? '?'} applied.`} Signed with SigV4 by the execution role.
      </p>
      <pre data-testid="preview-request-line" className="rounded bg-slate-100 p-2 text-xs font-semibold break-all whitespace-pre-wrap">
        {request.method} {request.url}
      </pre>
      <pre data-testid="preview-headers" aria-label="Integration request headers" className="rounded bg-slate-100 p-2 text-xs break-all whitespace-pre-wrap">
        {request.headers.map(([k, v]) => `${k}: ${v}`).join('\n')}
      </pre>
      <pre data-testid="preview-body" aria-label="Integration request body" className="max-h-48 overflow-auto rounded bg-slate-100 p-2 text-xs break-all whitespace-pre-wrap">
        {request.body}
      </pre>
      {json ? (
        json.ok ? (
          <div>
            <h4 className="text-xs font-semibold">Parsed JSON body (what SQS reads)</h4>
            <pre data-testid="preview-parsed-body" className="max-h-40 overflow-auto rounded bg-slate-100 p-2 text-xs">
              {json.text}
            </pre>
          </div>
        ) : (
          <p role="alert" className="text-xs text-red-700">
            SQS would answer SerializationException: the body is not valid JSON ({json.message}).
          </p>
        )
      ) : null}
      {form ? (
        <div>
          <h4 className="text-xs font-semibold">Form fields as SQS decodes them</h4>
          {form.ok ? null : (
            <p role="alert" className="text-xs text-red-700">
              SQS would answer MalformedQueryString: {form.message}
            </p>
          )}
          <dl data-testid="preview-form-fields" className="max-h-40 overflow-auto rounded bg-slate-100 p-2 font-mono text-xs">
            {form.params.map(([k, v], i) => (
              <div key={i} className="flex gap-2">
                <dt className="shrink-0 font-semibold">{k}</dt>
                <dd className="break-all whitespace-pre-wrap">{v}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
    </div>
  );
}
