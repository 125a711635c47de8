import { describe, expect, it } from 'vitest';
import { renderTemplate, type VtlRequest } from './index';

const request: VtlRequest = {
  body: '{"a":1,"s":"x y","items":[{"sku":"A1","qty":2},{"sku":"B2"}],"tags":["new","priority"],"obj":{"k":"v"}}',
  path: { id: 'abc' },
  querystring: {},
  headers: {},
  context: { stage: 'prod' },
  stageVariables: {},
};

function render(template: string, body?: string): string {
  const r = renderTemplate(template, body === undefined ? request : { ...request, body });
  return r.ok ? r.output : `ERROR ${r.error.kind}`;
}

// Each expectation below was produced by the reference oracle (stock Velocity 1.7 + Jayway 2.0, see
// shared/vtl-conformance/oracle), except where API Gateway's null == "" rule applies.
describe('Velocity 1.7 rules verified against the oracle', () => {
  it.each([
    ['#set before a token swallows the blanks before it', '#set($a=1)$a  #set($b=1)X|$a\t#set($b=2)Y', '1X|1Y'],
    ['a macro call with parentheses eats the newline, one without does not', '#macro(m1)M#end#m1  \nX|#m1()  \nY', 'M  \nX|MY'],
    ['#else and #end eat blanks and CRLF/CR', '#if(false)A#else  \r\nB#end  \rC', 'BC'],
    ['block comments keep the newline, line comments eat it', '#* c *#\nx## c\ny', '\nxy'],
    ['escaped directives', '\\#if(true)x\\#end|\\\\#if(true)x#end', '#if(true)x#end|\\x'],
    ['an even run of backslashes before #set is printed whole', '\\\\#set($b=1)y$b', '\\\\y1'],
    ['escaped references', '#set($a = 1)\\$a|\\\\$a|\\$nope', '$a|\\1|\\$nope'],
    ['`$!` that starts no reference loses the `!`', '$!|$!1', '$|$1'],
    ['a literal in a condition is false, a reference to "" is true', '#set($e = "")#if("x")1#end#if(1)2#end#if($e)3#end#if(!1)4#end', '34'],
    ['a null operand of a string concatenation prints its source text', '#set($x = "a" + $nope)$x', 'a$nope'],
    ['#break leaves the macro it is in', '#macro(b1)B#break C#end#foreach($i in [1,2])$i#b1()#end', '1B2B'],
    ['macros may be called before their definition; unknown calls print as text', '#fwd()#macro(fwd)F#end|#unknown( $a )', 'F|#unknown( $a )'],
    ['the first definition of a macro wins', '#macro(r)1#end#macro(r)2#end#r()', '1'],
    ['modifying a list inside its own #foreach fails', '#set($l = [1,2])#foreach($i in $l)#set($ok = $l.add(3))#end', 'ERROR render'],
    ['ranges need integer literals or references', '#foreach($i in [1.5..3])#end', 'ERROR parse'],
    ['#evaluate takes a string literal or a reference', '#evaluate(5)', 'ERROR parse'],
    ['a template cannot end in a lone # or $', 'abc#', 'ERROR parse'],
    ['`##` right after a property reference is text', "#set($m = {'b': 1})$m.b## c\nX|$m## d\nY", '1## c\nX|{b=1}Y'],
  ] as const)('%s', (_what, template, expected) => {
    expect(render(template)).toBe(expected);
  });
});

describe('Java semantics', () => {
  it.each([
    ['Java regex: $ also matches before a final newline', "#set($s = 'a\nb\n')$s.replaceAll('$', '!')", 'a\nb!\n!'],
    ['matches() is a full match and honours inline flags', "#set($s = 'ab')$s.matches('a|ab')|$s.matches('(?i)AB')|$s.matches('a')", 'true|true|false'],
    ['a `{` that starts no quantifier is a PatternSyntaxException', "#set($s = 'a{b')$s.replaceAll('{', '')", 'ERROR render'],
    ['named groups and $0 in replacements', "#set($s = 'Hello World')$s.replaceAll('(?<w>o)', '[${w}]')|$s.replaceAll('l+', '<$0>')", 'Hell[o] W[o]rld|He<ll>o Wor<l>d'],
    ['String.replace with an empty target', "#set($s = 'abc')$s.replace('', '-')", '-a-b-c-'],
    ['split keeps leading empties from real separators and drops trailing ones', "#set($s = ',a,,b,,')$s.split(',').size()|$s.split(',', -1).size()", '4|6'],
    ['integer arithmetic widens, double arithmetic prints like Java', '#set($a = 2147483647 * 2)$a|#set($b = 0.1 + 0.2)$b|#set($c = 1e20 * 10)$c|#set($d = -7 / 2)$d', '4294967294|0.30000000000000004|1.0E21|-3'],
    ['compareTo across number types fails like Java', '#set($n = 1.5)$n.compareTo(1)', 'ERROR render'],
  ] as const)('%s', (_what, template, expected) => {
    expect(render(template)).toBe(expected);
  });
});

describe('Jayway JsonPath 2.0 semantics', () => {
  it.each([
    ['missing members under a wildcard are skipped', "$input.json('$.items[*].qty')", '[2]'],
    ['a negative single index finds nothing; a slice works', "[$input.json('$.tags[-1]')]|$input.json('$.tags[-1:]')", '[]|["priority"]'],
    ['an index out of bounds in an index list fails the path', "[$input.json('$.tags[0,5]')]", '[]'],
    ['a filter on a primitive fails the path, on a missing member yields []', "[$input.json('$.a[?(@.x)]')]|$input.json('$.nope[?(@.x)]')", '[]|[]'],
    ['filters compare mixed strings and numbers as text', `$input.json("$.items[?(@.qty == '2')].sku")`, '["A1"]'],
    ['double-quoted names are not understood by Jayway 2.0', `[$input.json('$["obj"]')]`, '[]'],
    ['in/nin/size are not supported by Jayway 2.0', `[$input.json("$.items[?(@.sku in ['A1'])]")]`, '[]'],
  ] as const)('%s', (_what, template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it('json-smart drops raw control characters from strings that contain an escape', () => {
    expect(render("$input.json('$.k')", '{"k": "a\\n\u007fb"}')).toBe('"a\\nb"');
    expect(render("$input.json('$.k')", '{"k": "a\u007fb"}')).toBe('"a\\u007Fb"');
  });
});

describe('Java Double.toString (JDK up to 18, as the oracle)', () => {
  it.each([
    [10.0, '10.0'], [1.5e10, '1.5E10'], [0.001, '0.001'], [9.99e-4, '9.99E-4'], [1e7, '1.0E7'],
    [12345678.9, '1.23456789E7'], [0.30000000000000004, '0.30000000000000004'], [6.02e23, '6.02E23'],
    // Not the shortest representation (JDK-4511638), reproduced on purpose:
    [9.25e21, '9.249999999999999E21'], [2.7e22, '2.7000000000000002E22'], [5e-324, '4.9E-324'],
  ] as const)('%s → %s', (d, expected) => {
    expect(render(`#set($x = 0.0 + $input.path('$.d'))$x`, JSON.stringify({ d }).replace(/e\+?/, 'E'))).toBe(expected);
  });
});
