import type { FlowStage } from '@/lib/design/wizard-steps';

const STAGES: { id: FlowStage; label: string; detail: string }[] = [
  { id: 'client', label: 'Client', detail: 'curl, app' },
  { id: 'method-request', label: 'Method request', detail: 'headers, query, path' },
  { id: 'integration-request', label: 'Integration request', detail: 'mappings, template, role' },
  { id: 'sqs', label: 'Amazon SQS', detail: 'queue' },
];

/** Client → method request → integration request → SQS, with the stages the current step acts on highlighted. */
export function FlowDiagram({ active }: { active: readonly FlowStage[] }) {
  const activeLabels = STAGES.filter((s) => active.includes(s.id)).map((s) => s.label);
  return (
    <figure aria-label={`Request flow; this step acts on: ${activeLabels.join(', ')}`} className="mb-4">
      <ol className="flex items-stretch gap-1 text-center text-[11px] leading-tight">
        {STAGES.map((s, i) => {
          const isActive = active.includes(s.id);
          return (
            <li key={s.id} className="flex flex-1 items-center gap-1">
              <span
                data-active={isActive}
                aria-current={isActive ? 'step' : undefined}
                className={`flex-1 rounded-md border px-1.5 py-1.5 ${isActive ? 'border-brand-500 bg-brand-50 font-semibold text-brand-700' : 'border-slate-200 bg-white text-slate-600'}`}
              >
                {s.label}
                <span className="block font-normal text-slate-600">{s.detail}</span>
              </span>
              {i < STAGES.length - 1 ? (
                <span aria-hidden="true" className="text-slate-500">
                  →
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
    </figure>
  );
}
