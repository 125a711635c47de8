import { describe, expect, it } from 'vitest';
import { createSampleContext, hasRepeatedAlternation, refuseAmbiguousRegexes, renderTemplate, type VtlRequest } from './index';

function render(template: string, body: string): string {
  const request: VtlRequest = { body, path: {}, querystring: {}, headers: {}, context: createSampleContext({ now: new Date(0), requestId: 'r', apiId: 'a' }), stageVariables: {} };
  const r = renderTemplate(template, request);
  return r.ok ? r.output : `ERROR(${r.error.kind}): ${r.error.message}`;
}

describe('regexes on a thread that cannot stop them (the browser preview)', () => {
  it('spots repeated groups with alternatives', () => {
    expect(hasRepeatedAlternation('(a|aa)*c')).toBe(true);
    expect(hasRepeatedAlternation('(?:x|y)+')).toBe(true);
    expect(hasRepeatedAlternation('(a|b){2,}')).toBe(true);
    expect(hasRepeatedAlternation('(a|b)?c|d')).toBe(false);
    expect(hasRepeatedAlternation('[(|)]*\\(a|b\\)*')).toBe(false);
    expect(hasRepeatedAlternation('^\\s+|\\s+$')).toBe(false);
  });

  it('refuses them with a finding instead of freezing, and runs the others', () => {
    refuseAmbiguousRegexes();
    const started = performance.now();
    expect(render('$input.body.matches("(a|aa)*c")', 'a'.repeat(43))).toMatch(/^ERROR\(limit\): The preview does not run this regular expression: a repeated group with alternatives/);
    expect(render('$input.body.replaceAll("(a|a)*b", "x")', 'a'.repeat(30))).toMatch(/^ERROR\(limit\)/);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(render('$input.body.replaceAll("^\\s+|\\s+$", "")', '  hi  ')).toBe('hi');
  });
});
