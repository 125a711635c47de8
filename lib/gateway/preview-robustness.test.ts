import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPresetDesign, PRESET_IDS, type IntegrationDesign } from '@/lib/design';
import { previewDesign } from './design';

/** Half-typed designs and hostile sample requests, as the wizard produces them keystroke by keystroke. */
const text = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('', '%', '%E9', '{x', '{proxy+}', '$input.body', '#if(', "'", '\u0000', 'constructor', '__proto__'));

describe('previewDesign', () => {
  it('answers for any half-typed design and any sample request: never throws', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PRESET_IDS),
        fc.record({ resourcePath: text, template: text, pathOverride: text, header: text, headerValue: text }),
        fc.record({ path: text, body: text, headerName: text, headerValue: text, queryName: text, queryValue: text, method: fc.constantFrom('POST', 'GET', '', 'post') }),
        (preset, edits, sample) => {
          const d: IntegrationDesign = createPresetDesign(preset);
          d.resourcePath = `/${edits.resourcePath}`;
          d.integration.requestTemplates['application/json'] = edits.template;
          d.integration.pathOverride = edits.pathOverride;
          d.integration.requestParameters[`integration.request.header.${edits.header}`] = edits.headerValue;
          const result = previewDesign(d, {
            method: sample.method,
            path: `/${sample.path}`,
            body: sample.body,
            headers: { [sample.headerName || 'X']: sample.headerValue },
            query: { [sample.queryName || 'q']: sample.queryValue },
          });
          expect(['integration-request', 'method-error']).toContain(result.kind);
          // The safety net in previewDesign is for bugs; none of these inputs may need it.
          if (result.kind === 'method-error') expect(result.error?.kind === 'configuration' ? result.error.message : '').not.toMatch(/could not preview/);
        },
      ),
      { numRuns: 500 },
    );
  });
});
