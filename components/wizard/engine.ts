import { z } from 'zod';
import { validateDesign } from '@/lib/design';
import { applyFix, diagnose } from '@/lib/doctor';
import { formatExecutionLog, previewDesign } from '@/lib/gateway';
import { refuseAmbiguousRegexes, setTemplateTimeLimit } from '@/lib/vtl';
import type { SampleRequest } from '@/lib/gateway/sample-request';

/**
 * Everything the wizard computes per keystroke that needs the design schema (zod), the VTL engine or the doctor.
 * Loaded with import() right after hydration so that none of it counts against the wizard's first-load JS; until
 * it arrives the wizard shows what the server computed for the stored design.
 */
export { applyFix, diagnose, formatExecutionLog, previewDesign, validateDesign };

// The browser renders on the thread the user types on and cannot stop a backtracking regex (the server's guard,
// lib/template-guard.ts, needs worker threads); lib/vtl's time budget covers the rest of a runaway template, shorter
// here because a keystroke renders the template a few times (preview, doctor; repeats of one body are cached).
if (typeof window !== 'undefined') {
  refuseAmbiguousRegexes();
  setTemplateTimeLimit(250);
}

const sampleRequestSchema = z.object({ httpMethod: z.string(), path: z.string(), query: z.string(), headers: z.string(), body: z.string() });

/** The sample request a tab stored in localStorage, or undefined when it is missing or not one. */
export function parseStoredSample(text: string | null): SampleRequest | undefined {
  if (text === null) return undefined;
  try {
    const parsed = sampleRequestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export type WizardEngine = {
  applyFix: typeof applyFix;
  diagnose: typeof diagnose;
  formatExecutionLog: typeof formatExecutionLog;
  previewDesign: typeof previewDesign;
  validateDesign: typeof validateDesign;
  parseStoredSample: typeof parseStoredSample;
};
