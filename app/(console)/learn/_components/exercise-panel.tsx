'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { checkExerciseAction, startExerciseAction } from '@/lib/actions/learn';
import type { CheckItem } from '@/lib/learn/evaluate';

export type StageView = { id: string; goal: string; places: { label: string; href: string }[]; hint?: string; solution?: string };

export type ExercisePanelProps = {
  exerciseId: string;
  designId?: string;
  stages: StageView[];
  stageIndex: number;
  completed: boolean;
  lastCheck?: { at: string; passed: boolean; items: CheckItem[] };
};

/**
 * The working part of an exercise: set up the scenario, see where to work, and run the check against the sandbox.
 * After each action the page's server data is refreshed, so hints and the solution appear as the check allows.
 */
export function ExercisePanel({ exerciseId, designId, stages, stageIndex, completed, lastCheck }: ExercisePanelProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | undefined>();
  const [working, setWorking] = useState<string | undefined>();
  const resultRef = useRef<HTMLDivElement>(null);
  // After a check, focus moves to its result (once the refreshed page has rendered it), for keyboard and screen readers.
  const focusResult = useRef(false);
  useEffect(() => {
    if (focusResult.current && !pending) {
      resultRef.current?.focus();
      focusResult.current = false;
    }
  });

  const start = () =>
    startTransition(async () => {
      setWorking('Setting up the scenario in the sandbox…');
      const r = await startExerciseAction({ exerciseId });
      setWorking(undefined);
      setError(r.ok ? undefined : r.message);
      router.refresh();
    });
  const check = () =>
    startTransition(async () => {
      setWorking('Checking against the sandbox…');
      const r = await checkExerciseAction({ exerciseId });
      setWorking(undefined);
      setError(r.ok ? undefined : r.message);
      focusResult.current = true;
      router.refresh();
    });

  if (!designId) {
    return (
      <section aria-labelledby="exercise-work" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="exercise-work" className="mb-2 text-lg font-semibold">
          Your scenario
        </h2>
        <p className="mb-3 text-sm text-slate-700">Sluice creates this exercise&apos;s queue, role and REST API in the sandbox under your name.</p>
        <Button variant="primary" onClick={start} disabled={pending}>
          Set up the scenario
        </Button>
        <WorkStatus working={working} error={error} />
      </section>
    );
  }

  return (
    <section aria-labelledby="exercise-work" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="exercise-work" className="text-lg font-semibold">
          Your scenario
        </h2>
        <div className="flex gap-2">
          <Link href={`/designs/${designId}/queue`} className="text-sm font-medium text-brand-700 underline">
            Open your design
          </Link>
          <Button size="sm" onClick={start} disabled={pending}>
            Start over
          </Button>
        </div>
      </div>
      <ol className="space-y-3" aria-label="Stages">
        {stages.map((s, i) => {
          const state = completed || i < stageIndex ? 'done' : i === stageIndex ? 'current' : 'later';
          return (
            <li key={s.id} data-testid={`stage-${s.id}`} data-state={state} aria-current={state === 'current' ? 'step' : undefined} className={`rounded-md border p-3 ${state === 'current' ? 'border-brand-300 bg-brand-50' : 'border-slate-200'}`}>
              <p className="text-sm font-medium">
                <span className="sr-only">{state === 'done' ? 'Done: ' : state === 'current' ? 'Current: ' : 'Later: '}</span>
                <span aria-hidden="true">{state === 'done' ? '✓ ' : `${i + 1}. `}</span>
                {s.goal}
              </p>
              {state === 'current' ? (
                <>
                  <p className="mt-2 text-sm text-slate-700">
                    Work here:{' '}
                    {s.places.map((p, n) => (
                      <span key={p.href}>
                        {n > 0 ? ', ' : ''}
                        <Link href={p.href} className="text-brand-700 underline">
                          {p.label}
                        </Link>
                      </span>
                    ))}
                  </p>
                  {s.hint ? (
                    <p className="mt-2 rounded bg-amber-50 p-2 text-sm text-amber-900" data-testid="hint">
                      <strong>Hint:</strong> {s.hint}
                    </p>
                  ) : null}
                  {s.solution ? (
                    <p className="mt-2 rounded bg-slate-100 p-2 text-sm text-slate-800" data-testid="solution">
                      <strong>Solution:</strong> {s.solution}
                    </p>
                  ) : null}
                </>
              ) : null}
            </li>
          );
        })}
      </ol>
      {completed ? (
        <p className="rounded-md bg-green-50 p-3 text-sm font-medium text-green-800" data-testid="exercise-complete">
          Exercise complete.
        </p>
      ) : (
        <Button variant="primary" onClick={check} disabled={pending}>
          Check
        </Button>
      )}
      <WorkStatus working={working} error={error} />
      {lastCheck ? (
        <div ref={resultRef} tabIndex={-1} data-testid="check-result" data-passed={lastCheck.passed} data-checked-at={lastCheck.at} className="rounded-md border border-slate-200 p-3 outline-none focus:ring-2 focus:ring-brand-500">
          <h3 className="mb-1 text-sm font-semibold">{lastCheck.passed ? 'Last check passed' : 'Last check did not pass'}</h3>
          <ul className="space-y-1 text-sm">
            {lastCheck.items.map((item, i) => (
              <li key={i} className={item.ok ? 'text-green-800' : 'text-red-800'}>
                <span aria-hidden="true">{item.ok ? '✓ ' : '✗ '}</span>
                <span className="sr-only">{item.ok ? 'Met: ' : 'Not met: '}</span>
                {item.text}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

/** What the panel is doing (announced politely) and what went wrong (announced at once). */
function WorkStatus({ working, error }: { working?: string | undefined; error?: string | undefined }) {
  return (
    <>
      <p role="status" aria-live="polite" className="mt-2 text-sm text-slate-600">
        {working}
      </p>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </>
  );
}
