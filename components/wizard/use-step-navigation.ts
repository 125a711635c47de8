'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useState } from 'react';
import { requestHeadingFocus } from './focus-heading';
import { stepIndex, STEP_INFO, type WizardStep } from '@/lib/design/wizard-steps';
import { useWizard } from './wizard-context';

/** Navigates between steps after saving, so the server (which clamps to the furthest valid step) sees the edits. */
export function useStepNavigation() {
  const router = useRouter();
  const { designId, flush, furthestStep } = useWizard();
  const [blocked, setBlocked] = useState<string>();
  const [isNavigating, setIsNavigating] = useState(false);

  const goTo = useCallback(
    async (target: WizardStep) => {
      if (stepIndex(target) > stepIndex(furthestStep)) {
        setBlocked(`Fix the problems on the ${STEP_INFO[furthestStep].title} step before going further.`);
        return;
      }
      setBlocked(undefined);
      setIsNavigating(true);
      const isSaved = await flush();
      setIsNavigating(false);
      if (!isSaved) {
        setBlocked('Your latest edits are not saved yet (see the message at the top); resolve that first.');
        return;
      }
      requestHeadingFocus();
      router.push(`/designs/${designId}/${target}`);
    },
    [designId, flush, furthestStep, router],
  );
  return { goTo, blocked, isNavigating };
}
