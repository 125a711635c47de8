import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { z } from 'zod';
import { WizardProvider } from '@/components/wizard/wizard-context';
import { WizardFrame } from '@/components/wizard/wizard-frame';
import { getDesign } from '@/lib/store';

export const dynamic = 'force-dynamic';

const paramsSchema = z.object({ designId: z.string().regex(/^[a-z2-9]{10}$/) });

/**
 * Loads the design once per visit; the working copy then lives in the client (WizardProvider) across step URLs so
 * that the preview follows every keystroke, and is autosaved through saveDesignAction.
 */
export default async function DesignWizardLayout({ children, params }: { children: ReactNode; params: Promise<{ designId: string }> }) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const stored = getDesign(parsed.data.designId);
  if (!stored) notFound();
  return (
    <WizardProvider designId={stored.id} initialDesign={stored.design} initialVersion={stored.version}>
      <WizardFrame requestTimeIso={stored.updatedAt}>{children}</WizardFrame>
    </WizardProvider>
  );
}
