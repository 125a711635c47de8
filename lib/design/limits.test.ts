import { describe, expect, it } from 'vitest';
import { bodySizeProblems, createPresetDesign, MAPPING_TEMPLATE_BYTES, utf8Length, validateDesign } from './index';

describe('API Gateway and SQS size limits', () => {
  it('rejects a request template over 300 KB with a field error naming the quota', () => {
    const d = createPresetDesign('query-documented');
    d.integration.requestTemplates['application/json'] = `#set($x = "${'a'.repeat(MAPPING_TEMPLATE_BYTES)}")`;
    const result = validateDesign(d);
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toContainEqual({
      path: 'integration.requestTemplates["application/json"]',
      message: expect.stringMatching(/application\/json mapping template is 307,213 bytes; API Gateway allows at most 300 KB \(307,200 bytes\) per mapping template/),
    });
  });

  it('rejects a response template over 300 KB too, and counts UTF-8 bytes', () => {
    const d = createPresetDesign('query-documented');
    const first = d.integrationResponses[0]!;
    first.responseTemplates = { 'application/json': '\u00e9'.repeat(MAPPING_TEMPLATE_BYTES / 2 + 1) };
    const result = validateDesign(d);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toContain('integrationResponses[0].responseTemplates["application/json"]');
    first.responseTemplates = { 'application/json': '\u00e9'.repeat(MAPPING_TEMPLATE_BYTES / 2) };
    expect(validateDesign(d).ok).toBe(true);
  });

  it('names the 10 MB payload limit (error) and the 1 MiB SQS message limit (warning) for a test body', () => {
    expect(bodySizeProblems('x'.repeat(1024 * 1024))).toEqual({});
    expect(bodySizeProblems('x'.repeat(1024 * 1024 + 1)).warning).toMatch(/SQS accepts messages of at most 1 MiB/);
    expect(bodySizeProblems('x'.repeat(10 * 1024 * 1024)).error).toBeUndefined();
    expect(bodySizeProblems('x'.repeat(10 * 1024 * 1024 + 1)).error).toMatch(/API Gateway's payload limit is 10 MB/);
    expect(utf8Length('a\u00e9\u20ac\u{1f600}')).toBe(1 + 2 + 3 + 4);
  });
});
