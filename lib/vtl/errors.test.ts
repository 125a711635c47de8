import { describe, expect, it } from 'vitest';
import { renderTemplate, TEMPLATE_FAILURE_RESPONSE, type VtlError, type VtlRequest } from './index';

const request: VtlRequest = {
  body: '{"items":[{"sku":"A1"},{"sku":"B2"}],"code":"abc"}',
  path: {},
  querystring: { q: '100%' },
  headers: {},
  context: {},
  stageVariables: {},
};

function error(template: string): VtlError {
  const r = renderTemplate(template, request);
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.output)}`);
  return r.error;
}

describe('parse errors carry the position of the offending construct', () => {
  it('unclosed #if points at the #if', () => {
    const e = error('{\n  "a": 1,\n  #if($x)\n  "b": 2\n}');
    expect(e).toMatchObject({ kind: 'parse', line: 3, column: 3 });
    expect(e.message).toBe('Unclosed #if starting at line 3, column 3');
  });

  it('unclosed #foreach', () => {
    expect(error("[#foreach($i in $input.path('$.items'))$i.sku,]")).toMatchObject({ kind: 'parse', line: 1, column: 2, message: expect.stringMatching(/Unclosed #foreach/) });
  });

  it('stray #end in text', () => {
    expect(error('{"note": "see #end of list"}')).toMatchObject({ kind: 'parse', line: 1, column: 15, message: expect.stringMatching(/#end without a matching/) });
  });

  it('backslash-escaped quote in a string literal', () => {
    expect(error('#set($msg = "He said \\"hi\\"")$msg')).toMatchObject({ kind: 'parse', line: 1, column: 24 });
  });

  it('assignment inside #if', () => {
    expect(error('#if($a = 1)x#end')).toMatchObject({ kind: 'parse', line: 1, column: 8 });
  });

  it('#set without a value', () => {
    expect(error('#set($a = )x')).toMatchObject({ kind: 'parse', line: 1, column: 11 });
  });

  it('unclosed method call points at the method', () => {
    const e = error('Action=SendMessage&MessageBody=$util.urlEncode($input.body');
    expect(e).toMatchObject({ kind: 'parse', line: 1, column: 38 });
    expect(e.message).toBe('Unclosed call of urlEncode( starting at line 1, column 38');
  });

  it('counts CRLF line endings as one line', () => {
    expect(error('a\r\nb\r\n#foreach($i in [1])\r\nx')).toMatchObject({ kind: 'parse', line: 3, column: 1 });
  });

  it('unclosed range', () => {
    expect(error('#foreach($i in [1..3)$i#end')).toMatchObject({ kind: 'parse', line: 1, column: 21 });
  });
});

describe('render errors carry the position of the failing call', () => {
  it('list index out of range', () => {
    expect(error('#set($l = ["a","b"])[$l[5]]')).toMatchObject({ kind: 'render', line: 1, column: 24 });
  });

  it('substring out of range', () => {
    expect(error("$input.path('$.code').substring(10)")).toMatchObject({ kind: 'render', line: 1, column: 23 });
  });

  it('malformed urlDecode input', () => {
    const e = error("#set($x = 1)\n$util.urlDecode($input.params('q'))");
    expect(e).toMatchObject({ kind: 'render', line: 2, column: 7 });
    expect(e.message).toMatch(/Incomplete trailing escape/);
  });

  it('#foreach beyond 1000 iterations', () => {
    const e = error('x\n  #foreach($i in [1..1001])$i#end');
    expect(e).toMatchObject({ kind: 'render', line: 2, column: 3, message: "#foreach exceeded API Gateway's limit of 1000 iterations" });
  });

  it('exactly 1000 iterations are allowed', () => {
    const r = renderTemplate('#foreach($i in [1..1000])#end$velocityCount.', request);
    expect(r).toMatchObject({ ok: true, output: '.' });
  });

  it('invalid base64 and invalid JSON', () => {
    expect(error('$util.base64Decode("a b")')).toMatchObject({ kind: 'render', column: 7 });
    expect(error('$util.parseJson("{bad")')).toMatchObject({ kind: 'render', column: 7 });
  });
});

describe('API Gateway answer for a failed template', () => {
  it('is 500 Internal server error', () => {
    expect(TEMPLATE_FAILURE_RESPONSE).toEqual({ status: 500, body: '{"message": "Internal server error"}' });
  });
});
