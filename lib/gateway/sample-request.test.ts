import { describe, expect, it } from 'vitest';
import { createPresetDesign } from '@/lib/design';
import { previewDesign, type IntegrationRequestResult } from '@/lib/gateway';
import { toGatewaySample } from './sample-request';

describe('preview sample request', () => {
  it.each(['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'])('a header and a query parameter named %s reach the mappings', (name) => {
    const design = createPresetDesign('query-urlencoded');
    design.integration.requestParameters = {
      ...design.integration.requestParameters,
      'integration.request.header.X-H': `method.request.header.${name}`,
      'integration.request.header.X-Q': `method.request.multivaluequerystring.${name}`,
    };
    const sample = toGatewaySample({ httpMethod: 'POST', path: design.resourcePath, query: `${name}=q1&${name}=q2`, headers: `Content-Type: application/json\n${name}: h`, body: '{}' });
    const result = previewDesign(design, sample);
    expect(result.kind).toBe('integration-request');
    const { headers } = (result as IntegrationRequestResult).request;
    expect(headers).toContainEqual(['X-H', 'h']);
    expect(headers).toContainEqual(['X-Q', 'q1,q2']);
  });
});
