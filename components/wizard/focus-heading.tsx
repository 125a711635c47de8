'use client';

import { useEffect } from 'react';

let isFocusRequested = false;

/** Called just before navigating to another step: the step that mounts next moves focus to its heading. */
export function requestHeadingFocus(): void {
  isFocusRequested = true;
}

/**
 * Rendered inside each step page. After a step change keyboard and screen-reader users continue at the new step's
 * heading instead of the top of the page; on a first load or reload focus is left alone.
 */
export function FocusHeadingOnArrival({ headingId }: { headingId: string }) {
  useEffect(() => {
    if (!isFocusRequested) return;
    isFocusRequested = false;
    document.getElementById(headingId)?.focus();
  }, [headingId]);
  return null;
}
