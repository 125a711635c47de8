'use client';

import type { ReactNode } from 'react';
import type { WizardStep } from './steps';
import { HeadersStep } from './steps/headers-step';
import { IntegrationStep } from './steps/integration-step';
import { ProtocolStep } from './steps/protocol-step';
import { QueueStep } from './steps/queue-step';
import { ResponsesStep } from './steps/responses-step';
import { ReviewStep } from './steps/review-step';
import { RoleStep } from './steps/role-step';
import { TemplateStep } from './steps/template-step';

const FORMS: Record<WizardStep, () => ReactNode> = {
  queue: QueueStep,
  role: RoleStep,
  protocol: ProtocolStep,
  integration: IntegrationStep,
  headers: HeadersStep,
  template: TemplateStep,
  responses: ResponsesStep,
  review: ReviewStep,
};

/** The form of one step; it knows only its slice of the design (the shell owns progress and the preview). */
export function StepForm({ step }: { step: WizardStep }) {
  const Form = FORMS[step];
  return <Form />;
}
