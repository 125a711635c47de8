import type { Method } from '@aws-sdk/client-api-gateway';
import type { ReactNode } from 'react';
import type { Finding } from '@/lib/doctor';

function Map({ caption, entries }: { caption: string; entries: [string, string][] }) {
  if (entries.length === 0) return <p className="text-xs text-slate-500">{caption}: none</p>;
  return (
    <table className="w-full text-xs">
      <caption className="text-left font-medium text-slate-700">{caption}</caption>
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k} className="align-top">
            <th scope="row" className="w-1/2 pr-2 text-left font-mono font-normal text-slate-600 break-all">{k}</th>
            <td className="whitespace-pre-wrap break-all font-mono">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-2">
      <h3 className="text-sm font-semibold">{title}</h3>
      {children}
    </div>
  );
}

/** The live method as API Gateway stores it: method request, integration request, responses. */
export function MethodConfig({ method, resourcePath }: { method: Method; resourcePath: string }) {
  const i = method.methodIntegration ?? {};
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Section title="Method request">
        <Map
          caption="Settings"
          entries={[
            ['HTTP method', `${method.httpMethod ?? ''} ${resourcePath}`],
            ['authorizationType', method.authorizationType ?? 'NONE'],
            ['apiKeyRequired', String(method.apiKeyRequired ?? false)],
          ]}
        />
        <Map caption="requestParameters (required?)" entries={Object.entries(method.requestParameters ?? {}).map(([k, v]) => [k, String(v)])} />
      </Section>
      <Section title="Integration request">
        <Map
          caption="Settings"
          entries={[
            ['type', i.type ?? ''],
            ['integrationHttpMethod', i.httpMethod ?? ''],
            ['uri', i.uri ?? ''],
            ['credentials', i.credentials ?? '(none)'],
            ['passthroughBehavior', i.passthroughBehavior ?? 'WHEN_NO_MATCH'],
            ['timeoutInMillis', String(i.timeoutInMillis ?? 29000)],
          ]}
        />
        <Map caption="requestParameters" entries={Object.entries(i.requestParameters ?? {})} />
        <Map caption="requestTemplates" entries={Object.entries(i.requestTemplates ?? {})} />
      </Section>
      <Section title="Responses">
        {Object.values(i.integrationResponses ?? {}).map((r) => (
          <Map
            key={r.statusCode}
            caption={`Integration response ${r.statusCode}${r.selectionPattern ? ` (selectionPattern ${r.selectionPattern})` : ' (default)'}`}
            entries={[...Object.entries(r.responseTemplates ?? {}).map(([k, v]): [string, string] => [`template ${k}`, v]), ...Object.entries(r.responseParameters ?? {})]}
          />
        ))}
        <p className="text-xs text-slate-600">Method responses: {Object.keys(method.methodResponses ?? {}).join(', ') || 'none'}</p>
      </Section>
    </div>
  );
}

const SEVERITY: Record<Finding['severity'], string> = { error: 'border-red-200 bg-red-50', warning: 'border-amber-200 bg-amber-50', info: 'border-slate-200 bg-slate-50' };

export function DoctorFindings({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) return <p className="text-sm text-emerald-800">✓ The doctor finds none of the documented mistakes in this method.</p>;
  return (
    <ul className="space-y-2" aria-label="Doctor findings">
      {findings.map((f) => (
        <li key={`${f.id}-${f.field}`} className={`rounded-md border p-3 text-sm ${SEVERITY[f.severity]}`} data-testid={`finding-${f.id}`}>
          <p className="font-medium">
            <span className="mr-2 rounded bg-white px-1.5 text-xs uppercase">{f.severity}</span>
            {f.title}
          </p>
          <p className="mt-1 text-xs">{f.explanation}</p>
          <p className="mt-1 font-mono text-xs text-slate-600">{f.field}</p>
          {f.fix ? <p className="mt-1 text-xs">Fix: {f.fix.description}</p> : null}
        </li>
      ))}
    </ul>
  );
}
