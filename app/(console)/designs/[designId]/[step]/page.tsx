import { notFound, redirect } from 'next/navigation';
import { z } from 'zod';
import { StepForm } from '@/components/wizard/step-form';
import { StepIntro } from '@/components/wizard/step-intro';
import { StepNav } from '@/components/wizard/step-nav';
import { isWizardStep, stepIndex, STEP_INFO, WIZARD_STEPS, type WizardStep } from '@/lib/design/wizard-steps';
import { designIdSchema } from '@/lib/actions/ids';
import { getDesign } from '@/lib/store';

export const dynamic = 'force-dynamic';

const paramsSchema = z.object({ designId: designIdSchema, step: z.string() });

export async function generateMetadata({ params }: { params: Promise<{ designId: string; step: string }> }) {
  const { step } = await params;
  return { title: isWizardStep(step) ? `${STEP_INFO[step].title} · Design` : 'Design' };
}

export default async function WizardStepPage({ params }: { params: Promise<{ designId: string; step: string }> }) {
  const parsed = paramsSchema.safeParse(await params);
  if (!parsed.success || !isWizardStep(parsed.data.step)) notFound();
  const stored = await getDesign(parsed.data.designId);
  if (!stored) notFound();
  const step: WizardStep = parsed.data.step;
  // Deep links beyond the furthest valid step land on that step instead.
  const furthest = isWizardStep(stored.furthestStep) ? stored.furthestStep : WIZARD_STEPS[0];
  if (stepIndex(step) > stepIndex(furthest)) redirect(`/designs/${stored.id}/${furthest}`);
  return (
    <>
      <StepIntro step={step} />
      <StepForm step={step} />
      <StepNav step={step} />
    </>
  );
}
