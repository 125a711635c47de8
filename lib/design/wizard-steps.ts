import type { FieldError } from './schema';

/** The wizard's steps in order; each has its own URL `/designs/{id}/{step}`. */
export const WIZARD_STEPS = ['queue', 'role', 'protocol', 'integration', 'headers', 'template', 'responses', 'review'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** Where a step's fields act in the request flow; the preview diagram highlights it. */
export type FlowStage = 'client' | 'method-request' | 'integration-request' | 'sqs';

export const STEP_INFO: Record<WizardStep, { title: string; flow: FlowStage[] }> = {
  queue: { title: 'Queue', flow: ['sqs'] },
  role: { title: 'Execution role', flow: ['integration-request', 'sqs'] },
  protocol: { title: 'Protocol', flow: ['integration-request', 'sqs'] },
  integration: { title: 'Integration', flow: ['method-request', 'integration-request'] },
  headers: { title: 'Headers', flow: ['method-request', 'integration-request'] },
  template: { title: 'Mapping template', flow: ['integration-request'] },
  responses: { title: 'Responses', flow: ['sqs', 'client'] },
  review: { title: 'Review', flow: ['client', 'method-request', 'integration-request', 'sqs'] },
};

export function isWizardStep(value: string): value is WizardStep {
  return (WIZARD_STEPS as readonly string[]).includes(value);
}

export function stepIndex(step: WizardStep): number {
  return WIZARD_STEPS.indexOf(step);
}

/** The step whose form holds the field at a validation/doctor path such as `queue.name` or `integration.requestParameters[…]`. */
export function stepForField(path: string): WizardStep {
  if (path.startsWith('queue')) return 'queue';
  if (path.startsWith('executionRole')) return 'role';
  if (path === 'protocol') return 'protocol';
  if (path.startsWith('integration.requestParameters') || path.startsWith('method.requestParameters')) return 'headers';
  if (path.startsWith('integration.requestTemplates')) return 'template';
  if (path.startsWith('integrationResponses') || path.startsWith('methodResponses')) return 'responses';
  if (path.startsWith('integration') || path.startsWith('method') || path === 'region' || path === 'accountId' || path === 'resourcePath') return 'integration';
  return 'review';
}

/**
 * The furthest step a user may open: every step up to and including the first one with a validation error. A valid
 * design opens every step; the server clamps deep links to this.
 */
export function furthestValidStep(errors: readonly FieldError[]): WizardStep {
  const firstBad = Math.min(...errors.map((e) => stepIndex(stepForField(e.path))), WIZARD_STEPS.length - 1);
  return WIZARD_STEPS[firstBad]!;
}
