'use client';

import { Button } from '@/components/ui/button';
import { STEP_INFO, WIZARD_STEPS, stepIndex, type WizardStep } from '@/lib/design/wizard-steps';
import { useStepNavigation } from './use-step-navigation';

/** Back / Next at the bottom of a step. */
export function StepNav({ step }: { step: WizardStep }) {
  const { goTo, blocked, isNavigating } = useStepNavigation();
  const idx = stepIndex(step);
  const prev = WIZARD_STEPS[idx - 1];
  const next = WIZARD_STEPS[idx + 1];
  return (
    <div className="mt-8 space-y-2 border-t border-slate-200 pt-4">
      <div className="flex justify-between gap-2">
        {prev ? (
          <Button onClick={() => void goTo(prev)} disabled={isNavigating}>
            ← Back: {STEP_INFO[prev].title}
          </Button>
        ) : (
          <span />
        )}
        {next ? (
          <Button variant="primary" onClick={() => void goTo(next)} disabled={isNavigating}>
            Next: {STEP_INFO[next].title} →
          </Button>
        ) : null}
      </div>
      <p role="alert" className="text-sm text-red-700">
        {blocked}
      </p>
    </div>
  );
}
