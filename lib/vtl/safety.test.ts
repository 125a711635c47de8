import { describe, expect, it } from 'vitest';
import { createSampleContext, renderTemplate, type VtlRequest } from './index';

const request: VtlRequest = {
  body: '{"a":1,"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}',
  path: { id: 'abc' },
  querystring: {},
  headers: { 'X-Test': 'yes' },
  context: createSampleContext({ now: new Date(0), requestId: 'r-1', apiId: 'abc123' }),
  stageVariables: { queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q' },
};

function out(template: string): string {
  const r = renderTemplate(template, request);
  return r.ok ? r.output : `ERROR(${r.error.kind}): ${r.error.message}`;
}

// Every attempt must render as inert text/empty values: nothing from the JS runtime may show up and no code may run.
const LEAK = /function|native code|\[object|process|globalThis|require|import|prototype|constructor|Function|env|node|=>/i;

describe('templates cannot reach JavaScript internals', () => {
  const attempts: [string, string][] = [
    ['$util.constructor', '[$util.constructor]'],
    ['$util.constructor.constructor("return process")()', '[$util.constructor.constructor("return process")]'],
    ['method call of constructor', '[$util.constructor.constructor("return globalThis").call()]'],
    ['__proto__ of $input', '[$input.__proto__][$input.__proto__.constructor]'],
    ['prototype chain of a string', '#set($s = "x")[$s.constructor][$s.__proto__][$s.constructor.name]'],
    ['String.prototype methods not on the whitelist', '#set($s = "x")[$s.at(0)][$s.codePointAt(0)][$s.normalize()][$s.localeCompare("y")]'],
    ['toString/valueOf on host objects', '[$util.toString()][$input.valueOf()][$context.valueOf()][$util.toLocaleString()]'],
    ['getClass / class', '[$input.getClass()][$input.class][$util.class.forName("java.lang.Runtime")]'],
    ['process and globals as references', '[$process][$globalThis][$window][$require][$Function][$this][$self]'],
    ['require via method', '[$input.require("child_process")][$util.require("fs")]'],
    ['import through a method', '#set($x = $input.import("fs"))[$x][$util.import("fs")][$context.import]'],
    ['__proto__ key of the JSON body is plain data', "[$input.path('$.__proto__.polluted')][$input.path('$.constructor.prototype.x')]"],
    ['map prototype members', '#set($m = {})[$m.constructor][$m.__proto__][$m.hasOwnProperty("a")][$m.__defineGetter__]'],
    ['list prototype members', '#set($l = [1])[$l.constructor][$l.map][$l.push(2)][$l.join(",")][$l.length]'],
    ['assigning __proto__ through #set', '#set($m = {})#set($m.__proto__ = "x")#set($m["constructor"] = "y")[$m.get("__proto__")][$m.size()]'],
    ['number internals', '#set($n = 5)[$n.constructor][$n.toFixed(2)][$n.valueOf()]'],
    ['#evaluate of an attack string', '#evaluate(\'[$util.constructor.constructor("return process")()]\')'],
    ['$foreach internals', '#foreach($i in [1])[$foreach.constructor][$foreach.__proto__][$foreach.renderer]#end'],
    ['#define block internals', '#define($d)x#end[$d.renderer][$d.body][$d.constructor]'],
    ['$context override maps', '[$context.requestOverride.constructor][$context.identity.__proto__]'],
  ];

  it.each(attempts)('%s renders inert', (_name, template) => {
    const rendered = out(template);
    expect(rendered).not.toMatch(LEAK);
    expect(rendered).not.toContain('ERROR');
  });

  it('JSON keys named __proto__/constructor do not pollute Object.prototype', () => {
    out('#set($m = $input.path(\'$\'))#set($m.__proto__ = "x")$m');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('$x.class exposes a class name only, no reflection (Velocity 1.7 itself would allow Class.forName)', () => {
    expect(out('#set($s = "x")$s.class|$s.class.name')).toBe('class java.lang.String|java.lang.String');
    expect(out('#set($s = "x")[$s.class.forName("java.lang.Runtime")][$s.class.methods][$s.getClass().getClassLoader()][$s.class.class]')).toBe('[][][][]');
  });

  it('keys named like JS internals are ordinary map keys', () => {
    expect(out('#set($m = {"constructor": "c", "__proto__": "p"})$m.constructor|$m.__proto__|$m.size()')).toBe('c|p|2');
    expect(out("$input.path('$.__proto__.polluted')")).toBe('true');
  });

  it('runaway templates fail instead of hanging the server', () => {
    expect(out('#foreach($i in [1..1001])#end')).toMatch(/limit of 1000 iterations/);
    expect(out('#macro(r1)#r1()#end#r1()')).toMatch(/ERROR\(render\)/);
    expect(out('#set($s = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")#foreach($i in [1..40])#set($s = "$s$s")#end')).toMatch(
      /ERROR\(limit\).*10 MB/,
    );
    expect(out('#set($t = \'#evaluate($t)\')#evaluate($t)')).toMatch(/ERROR\(render\)/);
    expect(out('#set($r = [1..100000000])')).toMatch(/too large/);
  });
});

describe('hostile input never throws out of renderTemplate', () => {
  it('deeply nested directives and structures', () => {
    const deepIf = '#if(true)'.repeat(20000) + 'x' + '#end'.repeat(20000);
    const r1 = renderTemplate(deepIf, request);
    expect(r1.ok || r1.error.kind).toBeTruthy();
    const deepList = `#set($x = ${'['.repeat(20000)}${']'.repeat(20000)})`;
    expect(() => renderTemplate(deepList, request)).not.toThrow();
    const deepJson = { ...request, body: '['.repeat(100000) };
    expect(renderTemplate("$input.json('$')", deepJson)).toEqual(expect.objectContaining({ ok: true }));
  });

  it('self-referencing collections', () => {
    expect(out('#set($l = [])#set($ok = $l.add($l))$l')).toBe('[(this Collection)]');
    expect(out("#set($a = $input.path('$.constructor'))#set($ok = $a.put('me', $a))$a.size()")).toBe('2');
  });
});

describe('regular expressions with nested repetition are refused, not run', () => {
  // safe-regex2's star-height check: it catches (a+)+ and (a*)* but not every ambiguous pattern, e.g. (a|aa)*c.
  const evil = { ...request, body: `${'a'.repeat(40)}!` };
  it.each([
    ['String.matches', '$input.body.matches("(a+)+$")'],
    ['String.replaceAll', '$input.body.replaceAll("(a+)+b", "x")'],
    ['String.split', '$input.body.split("(a*)*b").size()'],
  ])('%s fails as a render error at once', (_name, template) => {
    const started = performance.now();
    const r = renderTemplate(template, evil);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/can take exponential time/);
  });

  it('a JSONPath filter with such a regex matches nothing, at once', () => {
    const started = performance.now();
    const r = renderTemplate(`$input.json('$[?(@ =~ /(a+)+$/)]')`, { ...request, body: JSON.stringify([`${'a'.repeat(40)}!`]) });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(r).toEqual(expect.objectContaining({ ok: true, output: '' }));
  });

  it('ordinary patterns, including the documented escapeJavaScript fix-up, still run', () => {
    const r = renderTemplate(`$util.escapeJavaScript("it's").replaceAll("\\\\'","'")|$input.body.matches("^a+!$")`, evil);
    expect(r).toEqual(expect.objectContaining({ ok: true, output: "it's|true" }));
  });
});
