import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { z } from 'zod';
import { WizardProvider } from '@/components/wizard/wizard-context';
import { WizardFrame } from '@/components/wizard/wizard-frame';
import { ExerciseBanner } from '@/components/learn/exercise-banner';
import { sampleFromGateway } from '@/lib/gateway/sample-request';
import { designIdSchema } from '@/lib/actions/ids';
import { validateDesign } from '@/lib/design';
import { diagnose } from '@/lib/doctor';
import { defaultSampleRequest, previewDesign } from '@/lib/gateway';
import { getDesign } from '@/lib/store';

export const dynamic = 'force-dynamic';

const paramsSchema = z.object({ designId: designIdSchema });

/**
 * Loads the design once per visit; the working copy then lives in the client (WizardProvider) across step URLs so
 * that the preview follows every keystroke, and is autosaved through saveDesignAction.
 */
export default async function DesignWizardLayout({ children, params }: { children: ReactNode; params: Promise<{ designId: string }> }) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const stored = await getDesign(parsed.data.designId);
  if (!stored) notFound();
  const design = stored.design;
  const sample = defaultSampleRequest(design);
  const validation = validateDesign(design);
  return (
    <>
      <ExerciseBanner designId={stored.id} />
      <WizardProvider
        designId={stored.id}
        initialDesign={design}
        initialVersion={stored.version}
        initialSample={sampleFromGateway(sample, design)}
        initialErrors={validation.ok ? [] : validation.errors}
        initialFindings={diagnose(design, sample)}
        initialPreview={previewDesign(design, sample, { requestTime: new Date(stored.updatedAt) })}
      >
        <WizardFrame requestTimeIso={stored.updatedAt}>{children}</WizardFrame>
      </WizardProvider>
    </>
  );
}
