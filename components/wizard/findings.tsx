'use client';

import type { Finding } from '@/lib/doctor';
import { Button } from '@/components/ui/button';
import { useWizard } from './wizard-context';

const severityStyle: Record<Finding['severity'], string> = {
  error: 'border-red-200 bg-red-50 text-red-900',
  warning: 'border-amber-200 bg-amber-50 text-amber-900',
  info: 'border-sky-200 bg-sky-50 text-sky-900',
};

/** Whether a finding concerns the field at `path` (itself, or something inside it). */
export function findingMatches(finding: Finding, path: string): boolean {
  return finding.field === path || finding.field.startsWith(`${path}.`) || finding.field.startsWith(`${path}[`);
}

/** "Source: …" links to the public documents an explanation comes from. */
export function SourceLinks({ sources }: { sources: readonly { title: string; url?: string }[] | undefined }) {
  if (!sources || sources.length === 0) return null;
  return (
    <p className="mt-1 opacity-90">
      Source:{' '}
      {sources.map((src, i) => (
        <span key={src.title}>
          {i > 0 ? '; ' : ''}
          {src.url ? (
            <a href={src.url} target="_blank" rel="noreferrer" className="underline">
              {src.title}
            </a>
          ) : (
            src.title
          )}
        </span>
      ))}
    </p>
  );
}

export function FindingCard({ finding, onFix }: { finding: Finding; onFix?: () => void }) {
  return (
    <div data-testid={`finding-${finding.id}`} className={`rounded-md border p-3 text-xs [overflow-wrap:anywhere] ${severityStyle[finding.severity]}`}>
      <p className="font-semibold">
        <span className="uppercase">{finding.severity}</span>: {finding.title}
      </p>
      <p className="mt-1">{finding.explanation}</p>
      <SourceLinks sources={finding.sources} />
      {finding.evidence ? <pre className="mt-1 overflow-x-auto whitespace-pre-wrap opacity-80">{finding.evidence}</pre> : null}
      {finding.fix && onFix ? (
        <Button size="sm" variant="primary" className="mt-2" onClick={onFix}>
          Fix: {finding.fix.description}
        </Button>
      ) : null}
    </div>
  );
}

/** The doctor's findings for one field, shown under it. */
export function FieldFindings({ path, exact = false }: { path: string; exact?: boolean }) {
  const { findings, applyFinding } = useWizard();
  const mine = findings.filter((f) => (exact ? f.field === path : findingMatches(f, path)));
  if (mine.length === 0) return null;
  return (
    <div className="space-y-2" aria-live="polite">
      {mine.map((f) => (
        <FindingCard key={`${f.id}:${f.field}`} finding={f} onFix={() => applyFinding(f)} />
      ))}
    </div>
  );
}

/** Every finding, for the Review step and the side panel. */
export function FindingsList({ heading = 'Doctor findings' }: { heading?: string }) {
  const { findings, applyFinding } = useWizard();
  return (
    <section aria-labelledby="findings-heading" className="space-y-2">
      <h3 id="findings-heading" className="text-sm font-semibold">
        {heading} ({findings.length})
      </h3>
      <div aria-live="polite" className="space-y-2">
        {findings.length === 0 ? <p className="text-xs text-slate-600">No findings: the doctor sees nothing that would break with this sample request.</p> : null}
        {findings.map((f) => (
          <FindingCard key={`${f.id}:${f.field}`} finding={f} onFix={() => applyFinding(f)} />
        ))}
      </div>
    </section>
  );
}
