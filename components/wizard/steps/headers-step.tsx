'use client';

import { Button } from '@/components/ui/button';
import { describedBy, FieldErrors, inputClasses } from '@/components/ui/field';
import { parseIntegrationRequestKey, parseMethodRequestKey, parseRequestMappingSource, type ParameterLocation } from '@/lib/design/request-parameters';
import { FieldFindings } from '../findings';
import { useWizard } from '../wizard-context';

type Props = {
  /** PutMethod `requestParameters`: `method.request.{location}.NAME` → required? */
  methodRequestParameters: Record<string, boolean>;
  /** PutIntegration `requestParameters`: `integration.request.{location}.NAME` → mapping expression. */
  integrationRequestParameters: Record<string, string>;
  onMethodRequestParametersChange: (next: Record<string, boolean>) => void;
  onIntegrationRequestParametersChange: (next: Record<string, string>) => void;
};

type SourceKind = 'static' | 'header' | 'querystring' | 'path' | 'context' | 'stageVariables' | 'body' | 'expression';

const SOURCE_KINDS: { value: SourceKind; label: string }[] = [
  { value: 'static', label: 'Static value' },
  { value: 'header', label: 'Method request header' },
  { value: 'querystring', label: 'Method request query string' },
  { value: 'path', label: 'Method request path' },
  { value: 'context', label: 'Context variable' },
  { value: 'stageVariables', label: 'Stage variable' },
  { value: 'body', label: 'Request body (JSONPath)' },
  { value: 'expression', label: 'Other expression' },
];

const LOCATIONS: { value: ParameterLocation; label: string }[] = [
  { value: 'header', label: 'Header' },
  { value: 'querystring', label: 'Query string' },
  { value: 'path', label: 'Path' },
];

/** Splits a mapping expression into the picker's kind and the text the user edits. */
function splitSource(expression: string): { kind: SourceKind; text: string } {
  const parsed = parseRequestMappingSource(expression);
  if (!parsed.ok) return { kind: 'expression', text: expression };
  const s = parsed.value;
  switch (s.kind) {
    case 'static':
      return { kind: 'static', text: s.value };
    case 'method.request':
      return s.location === 'header' || s.location === 'querystring' || s.location === 'path' ? { kind: s.location, text: s.name } : { kind: 'expression', text: expression };
    case 'method.request.body':
      return { kind: 'body', text: s.jsonPath ?? '' };
    case 'context':
      return { kind: 'context', text: s.name };
    case 'stageVariables':
      return { kind: 'stageVariables', text: s.name };
  }
}

function joinSource(kind: SourceKind, text: string): string {
  switch (kind) {
    case 'static':
      return `'${text}'`;
    case 'header':
    case 'querystring':
    case 'path':
      return `method.request.${kind}.${text}`;
    case 'context':
      return `context.${text}`;
    case 'stageVariables':
      return `stageVariables.${text}`;
    case 'body':
      return text ? `method.request.body.${text}` : 'method.request.body';
    case 'expression':
      return text;
  }
}

function toLocation(value: string): ParameterLocation {
  return LOCATIONS.find((l) => l.value === value)?.value ?? 'header';
}

function toSourceKind(value: string): SourceKind {
  return SOURCE_KINDS.find((k) => k.value === value)?.value ?? 'expression';
}

function splitKey(key: string, prefix: 'integration.request' | 'method.request'): { location: ParameterLocation; name: string } {
  const parsed = prefix === 'integration.request' ? parseIntegrationRequestKey(key) : parseMethodRequestKey(key);
  if (parsed.ok) return parsed.value;
  const m = new RegExp(`^${prefix.replace('.', '\\.')}\\.(header|querystring|path)\\.(.*)$`).exec(key);
  return m ? { location: toLocation(m[1]!), name: m[2]! } : { location: 'header', name: key };
}

function replaceEntry<V>(record: Record<string, V>, index: number, entry: [string, V] | null): Record<string, V> {
  const entries = Object.entries(record);
  if (entry === null) entries.splice(index, 1);
  else entries[index] = entry;
  return Object.fromEntries(entries);
}

export function HeadersStep({ methodRequestParameters, integrationRequestParameters, onMethodRequestParametersChange: setDeclared, onIntegrationRequestParametersChange: setMappings }: Props) {
  const { fieldErrors } = useWizard();
  const mappings = Object.entries(integrationRequestParameters);
  const declared = Object.entries(methodRequestParameters);
  const declaredNames = (loc: ParameterLocation) => declared.map(([k]) => splitKey(k, 'method.request')).filter((p) => p.location === loc).map((p) => p.name);

  return (
    <div className="space-y-6">
      <section aria-labelledby="method-params-heading" className="space-y-3">
        <h3 id="method-params-heading" className="text-sm font-semibold">
          Method request: HTTP request headers and URL query string parameters
        </h3>
        <p className="text-xs text-slate-600">What clients may send. Mark a parameter required to have API Gateway reject requests without it (400) before calling SQS.</p>
        {declared.length === 0 ? <p className="text-xs text-slate-500">None declared.</p> : null}
        <ul className="space-y-2">
          {declared.map(([key, required], idx) => {
            const { location, name } = splitKey(key, 'method.request');
            const path = `method.requestParameters[${JSON.stringify(key)}]`;
            const errors = fieldErrors[path];
            const rowId = `method-param-${idx}`;
            return (
              <li key={idx} className="space-y-1 rounded-md border border-slate-200 p-2">
                <div className="flex flex-wrap items-end gap-2">
                  <div>
                    <label htmlFor={`${rowId}-loc`} className="block text-xs font-medium">
                      Location
                    </label>
                    <select id={`${rowId}-loc`} className={inputClasses} value={location} onChange={(e) => setDeclared(replaceEntry(methodRequestParameters, idx, [`method.request.${e.target.value}.${name}`, required]))}>
                      {LOCATIONS.map((l) => (
                        <option key={l.value} value={l.value}>
                          {l.label}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="min-w-40 flex-1">
                    <label htmlFor={`${rowId}-name`} className="block text-xs font-medium">
                      Name
                    </label>
                    <input
                      id={`${rowId}-name`}
                      className={`${inputClasses} font-mono`}
                      value={name}
                      aria-invalid={errors ? true : undefined}
                      aria-describedby={describedBy(rowId, false, errors)}
                      onChange={(e) => setDeclared(replaceEntry(methodRequestParameters, idx, [`method.request.${location}.${e.target.value}`, required]))}
                    />
                  </div>
                  <label className="flex items-center gap-1.5 pb-1.5 text-xs font-medium">
                    <input type="checkbox" checked={required} onChange={(e) => setDeclared(replaceEntry(methodRequestParameters, idx, [key, e.target.checked]))} />
                    Required
                  </label>
                  <Button size="sm" variant="ghost" aria-label={`Remove method request parameter ${name}`} onClick={() => setDeclared(replaceEntry(methodRequestParameters, idx, null))}>
                    Remove
                  </Button>
                </div>
                <FieldErrors id={rowId} errors={errors} />
                <FieldFindings path={path} />
              </li>
            );
          })}
        </ul>
        <div className="flex gap-2">
          <Button size="sm" onClick={() => setDeclared({ ...methodRequestParameters, [`method.request.header.X-Header-${declared.length + 1}`]: false })}>
            Add request header
          </Button>
          <Button size="sm" onClick={() => setDeclared({ ...methodRequestParameters, [`method.request.querystring.param${declared.length + 1}`]: false })}>
            Add query string parameter
          </Button>
        </div>
      </section>

      <section aria-labelledby="mappings-heading" className="space-y-3">
        <h3 id="mappings-heading" className="text-sm font-semibold">
          Integration request: URL request headers parameters
        </h3>
        <p className="text-xs text-slate-600">Each row is a Name and what it is Mapped from. Static values are sent in single quotes, exactly as the AWS console expects them.</p>
        <FieldFindings path="integration.requestParameters" exact />
        <datalist id="declared-headers">
          {declaredNames('header').map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <datalist id="declared-querystring">
          {declaredNames('querystring').map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <ul className="space-y-2">
          {mappings.map(([key, expression], idx) => {
            const target = splitKey(key, 'integration.request');
            const source = splitSource(expression);
            const path = `integration.requestParameters[${JSON.stringify(key)}]`;
            const errors = fieldErrors[path];
            const rowId = `mapping-${idx}`;
            const setRow = (loc: ParameterLocation, name: string, kind: SourceKind, text: string) => setMappings(replaceEntry(integrationRequestParameters, idx, [`integration.request.${loc}.${name}`, joinSource(kind, text)]));
            return (
              <li key={idx} className="space-y-1 rounded-md border border-slate-200 p-2">
                <div className="grid gap-2 sm:grid-cols-[7rem_1fr_11rem_1fr_auto] sm:items-end">
                  <div>
                    <label htmlFor={`${rowId}-loc`} className="block text-xs font-medium">
                      Target
                    </label>
                    <select id={`${rowId}-loc`} className={inputClasses} value={target.location} onChange={(e) => setRow(toLocation(e.target.value), target.name, source.kind, source.text)}>
                      {LOCATIONS.map((l) => (
                        <option key={l.value} value={l.value}>
                          {l.label}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div>
                    <label htmlFor={`${rowId}-name`} className="block text-xs font-medium">
                      Name
                    </label>
                    <input id={`${rowId}-name`} className={`${inputClasses} font-mono`} value={target.name} aria-invalid={errors ? true : undefined} aria-describedby={describedBy(rowId, false, errors)} onChange={(e) => setRow(target.location, e.target.value, source.kind, source.text)} />
                  </div>
                  <div>
                    <label htmlFor={`${rowId}-kind`} className="block text-xs font-medium">
                      Mapped from
                    </label>
                    <select id={`${rowId}-kind`} className={inputClasses} value={source.kind} onChange={(e) => setRow(target.location, target.name, toSourceKind(e.target.value), source.text)}>
                      {SOURCE_KINDS.map((k) => (
                        <option key={k.value} value={k.value}>
                          {k.label}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div>
                    <label htmlFor={`${rowId}-value`} className="block text-xs font-medium">
                      {source.kind === 'static' ? 'Value' : source.kind === 'expression' ? 'Expression' : source.kind === 'body' ? 'JSONPath (without $)' : 'Name'}
                    </label>
                    <input
                      id={`${rowId}-value`}
                      className={`${inputClasses} font-mono`}
                      value={source.text}
                      list={source.kind === 'header' ? 'declared-headers' : source.kind === 'querystring' ? 'declared-querystring' : undefined}
                      onChange={(e) => setRow(target.location, target.name, source.kind, e.target.value)}
                    />
                  </div>
                  <Button size="sm" variant="ghost" aria-label={`Remove mapping ${target.name}`} onClick={() => setMappings(replaceEntry(integrationRequestParameters, idx, null))}>
                    Remove
                  </Button>
                </div>
                <p className="text-[11px] text-slate-500">
                  <code>{key}</code> = <code>{expression}</code>
                </p>
                <FieldErrors id={rowId} errors={errors} />
                <FieldFindings path={path} />
              </li>
            );
          })}
        </ul>
        <Button size="sm" onClick={() => setMappings({ ...integrationRequestParameters, [`integration.request.header.X-Header-${mappings.length + 1}`]: "''" })}>
          Add request header parameter
        </Button>
      </section>
    </div>
  );
}
