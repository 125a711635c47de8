import { describe, expect, it } from 'vitest';
import { createSampleContext, MAX_STRING_CHARS, renderTemplate, TEMPLATE_TIME_LIMIT_MS, type VtlRequest } from './index';

function request(body: string): VtlRequest {
  return { body, path: {}, querystring: {}, headers: {}, context: createSampleContext({ now: new Date(0), requestId: 'r-1', apiId: 'abc123' }), stageVariables: {} };
}

function timed(template: string, body: string): { ms: number; message: string } {
  const started = performance.now();
  const r = renderTemplate(template, request(body));
  return { ms: performance.now() - started, message: r.ok ? `OK(${r.output.length})` : r.error.message };
}

const MB = 1024 * 1024;
const TIME = new RegExp(`longer than ${TEMPLATE_TIME_LIMIT_MS / 1000} s`);
const SIZE = new RegExp(`more than ${MAX_STRING_CHARS / MB} MB`);

describe('the render budget (time and size) in the interpreter', () => {
  it('stops a nested #foreach doing replace on a 1 MB string', () => {
    const r = timed('#foreach($i in [1..1000])#foreach($j in [1..1000])#set($x = $input.body.replace("a", "b"))#end#end', 'a'.repeat(MB));
    expect(r.message).toMatch(TIME);
    expect(r.ms).toBeLessThan(3000);
  });

  it('stops chained $util.urlEncode on a few MB, by time or by size', () => {
    // Either limit may come first; both end the render within the bound.
    const ascii = timed(`#set($s = $input.body)#foreach($i in [1..200])#set($s = $util.urlEncode($s))#end$s.length()`, 'abc'.repeat(MB));
    expect(ascii.message).toMatch(TIME);
    expect(ascii.ms).toBeLessThan(3000);
    const growing = timed('$util.urlEncode($util.urlEncode($util.urlEncode($input.body)))', '\u00e9'.repeat(2 * MB));
    expect(growing.message).toMatch(new RegExp(`${SIZE.source}|${TIME.source}`));
    expect(growing.ms).toBeLessThan(3000);
  });

  it('caps concat, which used to bypass the 10 MB string cap', () => {
    const r = timed('#set($s = $input.body)#foreach($i in [1..12])#set($s = $s.concat($s))#end$s.length()', 'x'.repeat(MB));
    expect(r.message).toMatch(SIZE);
    expect(r.ms).toBeLessThan(3000);
  });

  const slashes = `#set($s = "${'/'.repeat(64)}")#foreach($i in [1..17])#set($s = "$s$s")#end`;
  it.each([
    ['concat', '$s.concat($s)', '{}'],
    ['replace', '$s.replace("/", "//")', '{}'],
    ['replace of ""', '$s.replace("", "yy")', '{}'],
    ['replaceAll', '$s.replaceAll("/{4096}", "$0$0")', '{}'],
    ['replaceFirst', '$s.replaceFirst("/", $s)', '{}'],
    ['urlEncode', '$util.urlEncode($s)', '{}'],
    ['base64Encode', '$util.base64Encode("$s$s.substring(1)")', '{}'],
    ['string interpolation', '"$s$s"', '{}'],
    ['list toString', '[$s, $s, $s]', '{}'],
    ['toUpperCase', '$input.body.toUpperCase()', `"${'\u00df'.repeat(6 * MB)}"`],
    ['escapeJavaScript', '$util.escapeJavaScript($input.body)', `"${'\u00df'.repeat(2 * MB)}"`],
    ['$input.json', '$input.json("$")', `"${'\u2028'.repeat(1.8 * MB)}"`],
  ])('%s respects the size cap', (_name, expr, body) => {
    // $s is 8 M characters of "/" (URL-encoded 3 times longer); the bodies grow under toUpperCase or escaping.
    expect(timed(slashes + expr, body).message).toMatch(SIZE);
  });

  it('caps lists that double with addAll', () => {
    expect(timed('#set($l = [1])#foreach($i in [1..30])#set($x = $l.addAll($l))#end$l.size()', '{}').message).toMatch(/list of more than/);
  });

  it('answers a template that ran out of time on the same body again at once', () => {
    const template = '#foreach($i in [1..1000])#foreach($j in [1..1000])#set($x = $input.body.replace("a", "bb"))#end#end';
    expect(timed(template, 'a'.repeat(60_000)).message).toMatch(TIME);
    const again = timed(template, 'a'.repeat(60_000));
    expect(again.message).toMatch(TIME);
    expect(again.ms).toBeLessThan(50);
    // Another body is rendered afresh (not answered from the remembered timeout): it may finish, time out or hit the loop cap.
    expect(timed(template, 'b').message).toMatch(/^OK|longer than|loop iterations/);
  });

  it('leaves ordinary templates alone', () => {
    expect(timed('#foreach($i in [1..1000])$i.toString().replace("1", "one")#end', '{}').message).toMatch(/^OK/);
  });
});
