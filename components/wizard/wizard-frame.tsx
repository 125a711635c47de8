'use client';

import Link from 'next/link';
import { useSelectedLayoutSegment } from 'next/navigation';
import { useMemo, type ReactNode } from 'react';
import { PreviewPane } from '@/components/preview/preview-pane';
import { Button } from '@/components/ui/button';
import { FindingsList } from './findings';
import { isWizardStep, stepIndex, STEP_INFO, WIZARD_STEPS } from '@/lib/design/wizard-steps';
import { useStepNavigation } from './use-step-navigation';
import { useWizard, type SaveStatus } from './wizard-context';

const STATUS_TEXT: Record<SaveStatus, string> = {
  saved: 'All changes saved',
  pending: 'Unsaved changes…',
  saving: 'Saving…',
  conflict: 'Not saved: changed in another tab',
  error: 'Not saved',
};

/** The wizard's shell: title, save state, step list, the current step and the live preview beside it. */
export function WizardFrame({ children, requestTimeIso }: { children: ReactNode; requestTimeIso: string }) {
  const { designId, design, engine, initialPreview, sample, setSample, saveStatus, saveMessage, resolveConflict, furthestStep, errors } = useWizard();
  const requestTime = useMemo(() => new Date(requestTimeIso), [requestTimeIso]);
  const segment = useSelectedLayoutSegment();
  // Deploy and Test live under the design's URL but are not wizard steps: no step is current there and the page
  // takes the full width (no live preview).
  const isStepPage = segment !== null && isWizardStep(segment);
  const step = segment && isWizardStep(segment) ? segment : 'queue';
  const { goTo } = useStepNavigation();

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs text-slate-500">
            <Link href="/designs" className="hover:underline">
              Designs
            </Link>{' '}
            / design wizard
          </p>
          <h1 className="text-2xl font-semibold tracking-tight [overflow-wrap:anywhere]">{design.name || 'Untitled design'}</h1>
        </div>
        <p role="status" aria-live="polite" data-testid="save-status" data-status={saveStatus} className={`text-sm ${saveStatus === 'saved' ? 'text-emerald-700' : saveStatus === 'conflict' || saveStatus === 'error' ? 'text-red-700' : 'text-slate-500'}`}>
          {STATUS_TEXT[saveStatus]}
        </p>
      </div>

      {saveStatus === 'conflict' ? (
        <div role="alert" className="flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          <span className="flex-1">{saveMessage ?? 'Another tab saved this design.'} Choose whose version to keep.</span>
          <Button size="sm" onClick={() => void resolveConflict('theirs')}>
            Reload theirs
          </Button>
          <Button size="sm" variant="primary" onClick={() => void resolveConflict('mine')}>
            Overwrite with mine
          </Button>
        </div>
      ) : saveStatus === 'error' && saveMessage ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {saveMessage}
        </p>
      ) : null}

      <nav aria-label="Wizard steps">
        <ol className="flex flex-wrap gap-1 text-sm">
          {WIZARD_STEPS.map((s, i) => {
            const isCurrent = isStepPage && s === step;
            const isReachable = i <= stepIndex(furthestStep);
            const hasProblems = errors.length > 0 && s === furthestStep;
            return (
              <li key={s}>
                <a
                  href={`/designs/${designId}/${s}`}
                  aria-current={isCurrent ? 'step' : undefined}
                  aria-disabled={isReachable ? undefined : true}
                  onClick={(e) => {
                    e.preventDefault();
                    if (!isCurrent) void goTo(s);
                  }}
                  className={`inline-block rounded-md px-2.5 py-1 ${isCurrent ? 'bg-brand-600 text-white' : isReachable ? 'bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50' : 'cursor-not-allowed bg-slate-100 text-slate-500'}`}
                >
                  {i + 1}. {STEP_INFO[s].title}
                  {hasProblems ? <span className="sr-only"> (has problems)</span> : null}
                </a>
              </li>
            );
          })}
          {(['deploy', 'test', 'export'] as const).map((page) => (
            <li key={page} className={page === 'deploy' ? 'ml-3' : undefined}>
              <Link
                href={`/designs/${designId}/${page}`}
                aria-current={segment === page ? 'page' : undefined}
                className={`inline-block rounded-md px-2.5 py-1 font-medium ${segment === page ? 'bg-slate-800 text-white' : 'bg-white text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50'}`}
              >
                {page === 'deploy' ? 'Deploy' : page === 'test' ? 'Test' : 'Export'}
              </Link>
            </li>
          ))}
        </ol>
      </nav>

      {!isStepPage ? (
        <div className="min-w-0">{children}</div>
      ) : (
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_26rem]">
        <div className="min-w-0 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">{children}</div>
        <aside aria-label="Live preview" className="min-w-0 lg:sticky lg:top-4 lg:self-start">
          <PreviewPane design={design} sample={sample} onSampleChange={setSample} activeStages={STEP_INFO[step].flow} requestTime={requestTime} engine={engine} initialResult={initialPreview} />
          {step === 'review' ? null : (
            <div className="mt-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <FindingsList />
            </div>
          )}
        </aside>
      </div>
      )}
    </div>
  );
}
