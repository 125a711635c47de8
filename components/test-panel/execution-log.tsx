import { type LogStep, parseExecutionLog } from '@/lib/gateway';

type Group = { id: string; title: string; steps: LogStep[] };

const TRANSFORMED = /body after transformations/;

/** TestInvokeMethod's log as the five stages a request passes through, the transformed request body highlighted. */
export function ExecutionLog({ log }: { log: string }) {
  const parsed = parseExecutionLog(log);
  const groups: Group[] = [
    { id: 'method-request', title: 'Method request', steps: [] },
    { id: 'transformations', title: 'Transformations', steps: [] },
    { id: 'endpoint-request', title: 'Endpoint request (to SQS)', steps: [] },
    { id: 'endpoint-response', title: 'Endpoint response (from SQS)', steps: [] },
    { id: 'method-response', title: 'Method response', steps: [] },
    { id: 'outcome', title: 'Outcome', steps: [] },
  ];
  const by = (id: string) => groups.find((g) => g.id === id)!;
  for (const step of parsed.steps) {
    if (step.kind === 'header' || step.kind === 'start') continue;
    if (step.label && TRANSFORMED.test(step.label) && step.kind === 'endpoint-request') by('transformations').steps.push(step);
    else if (step.kind === 'method-request') by('method-request').steps.push(step);
    else if (step.kind === 'endpoint-request') by('endpoint-request').steps.push(step);
    else if (step.kind === 'endpoint-response') by('endpoint-response').steps.push(step);
    else if (step.kind === 'method-response') by('method-response').steps.push(step);
    else by('outcome').steps.push(step);
  }
  return (
    <div>
      <p className="mb-2 text-xs text-slate-500">
        Execution log{parsed.requestId ? <> for request <span className="font-mono">{parsed.requestId}</span></> : null}
        {parsed.status ? ` · method completed with status ${parsed.status}` : ''}
      </p>
      <ol className="space-y-2" aria-label="Execution log steps">
        {groups
          .filter((g) => g.steps.length > 0)
          .map((g) => (
            <li key={g.id} className={`rounded-md border p-2 ${g.id === 'transformations' ? 'border-amber-300 bg-amber-50' : 'border-slate-200'}`} data-testid={`log-${g.id}`}>
              <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-600">{g.title}</h4>
              <dl className="mt-1 space-y-1 text-xs">
                {g.steps.map((s, i) => (
                  <div key={`${g.id}-${i}`} className="grid gap-x-2 sm:grid-cols-[14rem_minmax(0,1fr)]">
                    <dt className="text-slate-500">{s.label ? `${s.label}:` : s.kind === 'failure' ? 'Failure' : 'Note'}</dt>
                    <dd className="min-w-0">
                      {s.label && TRANSFORMED.test(s.label) && g.id === 'transformations' ? (
                        <mark className="block whitespace-pre-wrap break-all rounded bg-amber-200 px-1 font-mono text-amber-950" data-testid="transformed-body">
                          {s.value}
                        </mark>
                      ) : (
                        <span className={`whitespace-pre-wrap break-all font-mono ${s.kind === 'failure' ? 'text-red-800' : ''}`}>{s.value}</span>
                      )}
                    </dd>
                  </div>
                ))}
              </dl>
            </li>
          ))}
      </ol>
      <details className="mt-2 text-xs">
        <summary className="cursor-pointer text-slate-600">Raw log</summary>
        <pre className="mt-1 max-h-72 overflow-auto rounded bg-slate-50 p-2 font-mono">{log}</pre>
      </details>
    </div>
  );
}
