import { describe, expect, it } from 'vitest';
import { createSampleContext, renderTemplate, type VtlRequest } from '@/lib/vtl';
import { installTemplateGuard } from './template-guard';

function render(template: string, body: string): string {
  const request: VtlRequest = { body, path: {}, querystring: {}, headers: {}, context: createSampleContext({ now: new Date(0), requestId: 'r', apiId: 'a' }), stageVariables: {} };
  const r = renderTemplate(template, request);
  return r.ok ? r.output : `ERROR(${r.error.kind}): ${r.error.message}`;
}

describe('the template guard for regexes V8 cannot run in linear time', () => {
  installTemplateGuard();

  it('gives the same answers as running them in place (lookaround, backreferences, (?i), named groups)', () => {
    expect(render('$input.body.replaceAll("(?i)B(?=c)", "x")', 'abcBCbd')).toBe('axcxCbd');
    expect(render('$input.body.replaceAll("(\\w)\\1", "<$1>")', 'aabbc')).toBe('<a><b>c');
    expect(render(`$input.body.replaceFirst("(?<w>[a-z]+)(?!\\d)", '\${w}!')`, 'ab1 cd')).toBe('a!b1 cd');
    expect(render('#foreach($p in $input.body.split("(?=,)"))[$p]#end', 'a,b,c')).toBe('[a][,b][,c]');
    expect(render('$input.body.matches("(?i)HELLO(?! )")', 'hello')).toBe('true');
  });

  it('stops a backtracking regex at the budget and keeps working afterwards', () => {
    const started = performance.now();
    expect(render('$input.body.matches("(?i)(a|aa)*c")', 'a'.repeat(43))).toMatch(/ERROR\(limit\): The template took longer than 0\.5 s/);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(render('$input.body.matches("(?i)A+")', 'aaa')).toBe('true');
  });

  it('runs the measured patterns that V8 can take over in linear time in place, at once', () => {
    const started = performance.now();
    expect(render('$input.body.matches("(a|aa)*c")', 'a'.repeat(43))).toBe('false');
    expect(render('$input.body.replaceAll("(a|a)*b", "x")', 'a'.repeat(30))).toBe('a'.repeat(30));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
