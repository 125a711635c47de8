import { describe, expect, it } from 'vitest';
import { furthestValidStep, stepForField, WIZARD_STEPS } from './wizard-steps';

describe('wizard steps', () => {
  it('maps validation and doctor paths to the step that edits them', () => {
    expect(stepForField('queue.name')).toBe('queue');
    expect(stepForField('executionRole.policyDocument')).toBe('role');
    expect(stepForField('protocol')).toBe('protocol');
    expect(stepForField('integration.pathOverride')).toBe('integration');
    expect(stepForField('region')).toBe('integration');
    expect(stepForField('integration.requestParameters["integration.request.header.Content-Type"]')).toBe('headers');
    expect(stepForField('method.requestParameters["method.request.header.X-Amz-Target"]')).toBe('headers');
    expect(stepForField('integration.requestTemplates["application/json"]')).toBe('template');
    expect(stepForField('integrationResponses[1].statusCode')).toBe('responses');
    expect(stepForField('stageName')).toBe('review');
  });

  it('lets a user reach up to the first step with an error', () => {
    expect(furthestValidStep([])).toBe('review');
    expect(furthestValidStep([{ path: 'integration.requestTemplates["x"]', message: '' }, { path: 'queue.name', message: '' }])).toBe('queue');
    expect(furthestValidStep([{ path: 'integrationResponses', message: '' }])).toBe('responses');
    expect(WIZARD_STEPS).toHaveLength(8);
  });
});
