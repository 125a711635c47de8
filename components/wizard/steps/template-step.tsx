'use client';

import { useMemo, useState } from 'react';
import { CodeEditor, type EditorMarker } from '@/components/editor/code-editor';
import { TEMPLATE_SNIPPETS } from '@/components/editor/vtl-docs';
import { Button } from '@/components/ui/button';
import { inputClasses } from '@/components/ui/field';
import type { IntegrationSettings, Protocol } from '@/lib/design';
import { MEDIA_TYPE_PATTERN } from '@/lib/design/request-parameters';
import type { VtlError } from '@/lib/vtl';
import type { QueueKind } from '@/lib/design/message-options';
import { FieldFindings } from '../findings';
import { MessageOptionsEditor } from '../message-options-editor';
import { useWizard } from '../wizard-context';

const templatePath = (contentType: string) => `integration.requestTemplates[${JSON.stringify(contentType)}]`;

type Props = {
  /** Content type → mapping template. */
  requestTemplates: Record<string, string>;
  passthroughBehavior: IntegrationSettings['passthroughBehavior'];
  protocol: Protocol;
  /** lib/vtl's error for the template of this content type, rendered against the sample request. */
  templateErrorFor: (contentType: string) => VtlError | undefined;
  onChange: (requestTemplates: Record<string, string>) => void;
  queue: QueueKind;
  /** Writes a template the message options generated and declares the headers it reads as required. */
  onGenerate: (template: string, requiredHeaders: string[]) => void;
};

export function TemplateStep({ requestTemplates: templates, passthroughBehavior, protocol, templateErrorFor, onChange: setTemplates, queue, onGenerate }: Props) {
  const { findings, fieldErrors } = useWizard();
  const contentTypes = Object.keys(templates);
  const [selected, setSelected] = useState(contentTypes[0] ?? '');
  const [newType, setNewType] = useState('');
  const current = contentTypes.includes(selected) ? selected : (contentTypes[0] ?? '');


  const engineError = current ? templateErrorFor(current) : undefined;

  const markers: EditorMarker[] = useMemo(() => {
    const out: EditorMarker[] = [];
    if (engineError) out.push({ severity: 'error', message: `${engineError.message} (${engineError.kind})`, line: engineError.line, column: engineError.column, source: 'VTL' });
    const text = templates[current] ?? '';
    const lines = text.split('\n');
    for (const f of findings) {
      // The engine's own error above already marks a template that fails to parse or render.
      if (f.field !== templatePath(current) || f.id === 'template-error' || f.id === 'template-syntax') continue;
      // Point at the first line that mentions $input.body (what most template rules are about), else line 1.
      const idx = lines.findIndex((l) => l.includes('$input.body'));
      out.push({ severity: f.severity, message: `${f.title}: ${f.explanation}`, line: idx >= 0 ? idx + 1 : 1, column: 1, source: 'doctor' });
    }
    return out;
  }, [engineError, findings, templates, current]);

  const addType = () => {
    const type = newType.trim().toLowerCase();
    if (!type || type in templates) return;
    setTemplates({ ...templates, [type]: '' });
    setSelected(type);
    setNewType('');
  };

  const typed = newType.trim();
  const addBlocked =
    typed === ''
      ? 'Type a content type (for example text/plain) to add a template for it.'
      : !MEDIA_TYPE_PATTERN.test(typed)
        ? `"${typed}" is not a content type; write it as type/subtype, for example text/plain.`
        : typed.toLowerCase() in templates
          ? `There is already a template for ${typed}; pick it above to edit it.`
          : undefined;

  return (
    <div className="space-y-4">
      {protocol === 'query' ? (
        <MessageOptionsEditor
          queue={queue}
          currentTemplate={templates['application/json']}
          onGenerate={(template, headers) => {
            onGenerate(template, headers);
            setSelected('application/json');
          }}
        />
      ) : (
        <p className="text-sm text-slate-600">
          Message attributes, FIFO ids and DelaySeconds: with the AWS JSON protocol the client sends them in its SendMessage document (MessageAttributes, MessageGroupId…). Switch to the AWS query protocol to have API Gateway add them from headers, body fields or the request context.
        </p>
      )}
      <FieldFindings path="integration.requestTemplates" exact />
      {contentTypes.length > 0 ? (
        <div role="tablist" aria-label="Mapping templates by Content-Type" className="flex flex-wrap gap-1 border-b border-slate-200">
          {contentTypes.map((ct) => (
            <button
              key={ct}
              role="tab"
              type="button"
              aria-selected={ct === current}
              aria-controls="template-panel"
              tabIndex={ct === current ? 0 : -1}
              onClick={() => setSelected(ct)}
              onKeyDown={(e) => {
                if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
                const idx = contentTypes.indexOf(ct) + (e.key === 'ArrowRight' ? 1 : -1);
                const nextType = contentTypes[(idx + contentTypes.length) % contentTypes.length]!;
                setSelected(nextType);
                document.getElementById(`template-tab-${contentTypes.indexOf(nextType)}`)?.focus();
              }}
              id={`template-tab-${contentTypes.indexOf(ct)}`}
              className={`rounded-t-md px-3 py-1.5 font-mono text-xs ${ct === current ? 'border border-b-white border-slate-200 bg-white font-semibold' : 'text-slate-600 hover:bg-slate-100'}`}
            >
              {ct}
            </button>
          ))}
        </div>
      ) : (
        <p className="text-sm text-slate-600">
          No mapping templates: with passthrough {passthroughBehavior} the body {passthroughBehavior === 'NEVER' ? 'is rejected with 415' : 'goes to SQS unchanged'}.
          {protocol === 'json' ? ' That is what the AWS JSON protocol wants: the client already sends the SQS request body.' : ''}
        </p>
      )}
      {current ? (
        <div id="template-panel" role="tabpanel" aria-labelledby={`template-tab-${contentTypes.indexOf(current)}`} className="space-y-2">
          <div className="flex flex-wrap items-end justify-between gap-2">
            <div>
              <label htmlFor="template-snippet" className="block text-xs font-medium">
                Insert a preset template
              </label>
              <select
                id="template-snippet"
                className={inputClasses}
                value=""
                onChange={(e) => {
                  const snippet = TEMPLATE_SNIPPETS.find((s) => s.label === e.target.value);
                  if (snippet) setTemplates({ ...templates, [current]: snippet.body });
                }}
              >
                <option value="">Choose…</option>
                {TEMPLATE_SNIPPETS.map((s) => (
                  <option key={s.label} value={s.label}>
                    {s.detail}
                  </option>
                ))}
              </select>
            </div>
            <Button
              size="sm"
              variant="ghost"
              className="text-red-700"
              onClick={() => {
                const { [current]: _removed, ...rest } = templates;
                setTemplates(rest);
              }}
            >
              Remove {current} template
            </Button>
          </div>
          <CodeEditor
            id="template-editor"
            testId="template-editor"
            label={`Mapping template for ${current}`}
            language="vtl"
            value={templates[current] ?? ''}
            onChange={(value) => setTemplates({ ...templates, [current]: value })}
            markers={markers}
            height={240}
          />
          <div aria-live="polite">
            {markers.length > 0 ? (
              <ul data-testid="template-problems" className="space-y-1 text-xs">
                {markers.map((m, i) => (
                  <li key={i} className={m.severity === 'error' ? 'text-red-700' : 'text-amber-800'}>
                    Line {m.line}, column {m.column}: {m.message}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-xs text-emerald-700">No problems in this template.</p>
            )}
          </div>
          {(fieldErrors[templatePath(current)] ?? []).map((m) => (
            <p key={m} role="alert" className="text-xs text-red-700">
              {m}
            </p>
          ))}
          <FieldFindings path={templatePath(current)} />
        </div>
      ) : null}
      <div className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="new-content-type" className="block text-xs font-medium">
            Content-Type of a new template
          </label>
          <input
            id="new-content-type"
            className={`${inputClasses} font-mono`}
            placeholder="text/plain"
            value={newType}
            aria-describedby="new-content-type-why"
            onChange={(e) => setNewType(e.target.value)}
          />
        </div>
        <Button size="sm" onClick={addType} disabled={addBlocked !== undefined} aria-describedby="new-content-type-why">
          Add mapping template
        </Button>
        <p id="new-content-type-why" className="w-full text-xs text-slate-600" aria-live="polite">
          {addBlocked ?? `Adds a template used for requests sent with Content-Type ${newType.trim()}.`}
        </p>
      </div>
    </div>
  );
}
