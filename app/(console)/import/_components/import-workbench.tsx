'use client';

import Link from 'next/link';
import { useDeferredValue, useMemo, useState, useTransition, type ChangeEvent } from 'react';
import { SourceView, type LineMark } from '@/components/iac/source-view';
import { Button } from '@/components/ui/button';
import { createImportedDesignsAction, type CreatedDesign } from '@/lib/actions/iac';
import { importConfig, type ImportedDesign } from '@/lib/iac';

const FORMAT_NAMES = { serverless: 'serverless.yml', cloudformation: 'CloudFormation template', sam: 'AWS SAM template', openapi: 'OpenAPI 3 document', swagger: 'Swagger 2 document', design: 'Sluice design' } as const;
const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Note' } as const;

function marksOf(designs: ImportedDesign[], unsupported: { line: number }[]): Record<number, LineMark[]> {
  const marks: Record<number, LineMark[]> = {};
  const add = (line: number, mark: LineMark) => (marks[line] ??= []).push(mark);
  for (const d of designs) {
    for (const e of d.errors) add(e.line, { severity: 'error', text: 'invalid' });
    for (const f of d.findings) add(f.line, { severity: f.severity, text: f.id });
  }
  for (const u of unsupported) add(u.line, { severity: 'info', text: 'not imported' });
  return marks;
}

/**
 * The Import page: the file is read in the browser on every change (lib/iac is pure), so findings appear next to
 * the source as it is pasted; creating designs goes through a server action that imports the file again.
 */
export function ImportWorkbench() {
  const [text, setText] = useState('');
  const [fileError, setFileError] = useState<string>();
  const [created, setCreated] = useState<CreatedDesign[]>([]);
  const [actionError, setActionError] = useState<string>();
  const [isPending, startTransition] = useTransition();
  const source = useDeferredValue(text);
  const result = useMemo(() => (source.trim() === '' ? undefined : importConfig(source)), [source]);
  const marks = useMemo(() => (result?.ok ? marksOf(result.designs, result.unsupported) : result ? { [result.error.line]: [{ severity: 'error' as const, text: 'syntax error' }] } : {}), [result]);

  const handleFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    setFileError(undefined);
    if (!file) return;
    if (file.size > 6 * 1024 * 1024) {
      setFileError(`${file.name} is larger than 6 MB; that is not a config file Sluice can read.`);
      return;
    }
    setText(await file.text());
  };

  const create = (indexes?: number[]) =>
    startTransition(async () => {
      setActionError(undefined);
      const out = await createImportedDesignsAction({ text, ...(indexes ? { indexes } : {}) });
      if (out.ok) setCreated((prev) => [...prev, ...out.data]);
      else setActionError(out.message);
    });

  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <section aria-labelledby="source-heading" className="min-w-0 space-y-3">
        <h2 id="source-heading" className="text-base font-semibold">
          Source
        </h2>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <label htmlFor="config-file" className="font-medium text-slate-700">
            Upload a file
          </label>
          <input id="config-file" type="file" accept=".yml,.yaml,.json,.template,text/yaml,application/json" onChange={(e) => void handleFile(e)} className="text-sm" />
        </div>
        {fileError ? (
          <p role="alert" className="text-sm text-red-700">
            {fileError}
          </p>
        ) : null}
        <label htmlFor="config-text" className="block text-sm font-medium text-slate-700">
          Configuration file
        </label>
        <textarea
          id="config-text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          rows={text ? 8 : 16}
          placeholder={'service: my-service\nprovider:\n  name: aws\nresources:\n  Resources:\n    …'}
          className="w-full rounded-md border border-slate-300 p-2 font-mono text-xs"
        />
        {text ? <SourceView text={source} label="Source with line numbers" marks={marks} idPrefix="source-line" /> : null}
      </section>

      <section aria-labelledby="found-heading" className="min-w-0 space-y-3">
        <h2 id="found-heading" className="text-base font-semibold">
          Methods found
        </h2>
        {!result ? (
          <p className="text-sm text-slate-500">Nothing to read yet.</p>
        ) : !result.ok ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
            Line {result.error.line}, column {result.error.column}: {result.error.message}
          </p>
        ) : (
          <>
            <p role="status" className="text-sm text-slate-600">
              {FORMAT_NAMES[result.format]}: {result.designs.length === 0 ? 'no method sends to Amazon SQS.' : `${result.designs.length} method${result.designs.length === 1 ? '' : 's'} sending to Amazon SQS.`}
            </p>
            {result.designs.length > 1 ? (
              <Button variant="primary" disabled={isPending} onClick={() => create()}>
                Create all {result.designs.length} designs
              </Button>
            ) : null}
            {result.designs.map((d, idx) => (
              <article key={idx} aria-label={`${d.design.method.httpMethod} ${d.design.resourcePath}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div>
                    <h3 className="font-mono text-sm font-semibold">
                      {d.design.method.httpMethod} {d.design.resourcePath}
                    </h3>
                    <p className="text-xs text-slate-500">
                      <a href={`#source-line-${d.line}`} className="underline-offset-2 hover:underline">
                        line {d.line}
                      </a>{' '}
                      · {d.design.protocol === 'json' ? 'AWS JSON' : 'AWS query'} protocol · queue {d.design.queue.name || '(named by each request)'}
                    </p>
                  </div>
                  <Button variant="primary" size="sm" disabled={isPending} aria-label={`Create design for ${d.design.method.httpMethod} ${d.design.resourcePath}`} onClick={() => create([idx])}>
                    Create design
                  </Button>
                </div>
                {d.findings.length === 0 && d.errors.length === 0 ? <p className="mt-2 text-sm text-emerald-700">No documented mistake found.</p> : null}
                <ul aria-label="Findings" className="mt-3 space-y-2">
                  {d.errors.map((e, i) => (
                    <li key={`e${i}`} className="rounded border-l-4 border-red-500 bg-red-50 px-3 py-2 text-sm">
                      <a href={`#source-line-${e.line}`} className="font-mono text-xs text-red-800 underline-offset-2 hover:underline">
                        Line {e.line}
                      </a>{' '}
                      <span className="font-semibold">Invalid:</span> {e.message}
                    </li>
                  ))}
                  {d.findings.map((f, i) => (
                    <li key={`f${i}`} className={`rounded border-l-4 px-3 py-2 text-sm ${f.severity === 'error' ? 'border-red-500 bg-red-50' : f.severity === 'warning' ? 'border-amber-500 bg-amber-50' : 'border-sky-500 bg-sky-50'}`}>
                      <a href={`#source-line-${f.line}`} className="font-mono text-xs underline-offset-2 hover:underline">
                        Line {f.line}
                      </a>{' '}
                      <span className="font-semibold">
                        {SEVERITY_LABEL[f.severity]}: {f.title}
                      </span>
                      <p className="mt-1 text-xs text-slate-700">{f.explanation}</p>
                      {f.fix ? <p className="mt-1 text-xs text-slate-600">Fix in the wizard: {f.fix.description}</p> : null}
                    </li>
                  ))}
                </ul>
              </article>
            ))}
            {result.unsupported.length > 0 ? (
              <div className="rounded-lg border border-slate-200 bg-slate-50 p-4">
                <h3 className="text-sm font-semibold">Not imported</h3>
                <ul aria-label="Not imported" className="mt-2 space-y-1 text-sm text-slate-700">
                  {result.unsupported.map((u, i) => (
                    <li key={i}>
                      <a href={`#source-line-${u.line}`} className="font-mono text-xs underline-offset-2 hover:underline">
                        Line {u.line}
                      </a>{' '}
                      {u.message}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </>
        )}
        {actionError ? (
          <p role="alert" className="text-sm text-red-700">
            {actionError}
          </p>
        ) : null}
        {created.length > 0 ? (
          <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
            Created:
            <ul className="mt-1 list-disc pl-5">
              {created.map((c) => (
                <li key={c.id}>
                  <Link href={c.href} className="font-medium underline-offset-2 hover:underline">
                    Open {c.name}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>
    </div>
  );
}
