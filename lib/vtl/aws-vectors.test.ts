import { describe, expect, it } from 'vitest';
import { renderTemplate, type VtlRequest } from './index';

function req(body: string, extra: Partial<VtlRequest> = {}): VtlRequest {
  return { body, path: {}, querystring: {}, headers: {}, context: {}, stageVariables: {}, ...extra };
}

function render(template: string, body = '', extra: Partial<VtlRequest> = {}): string {
  const r = renderTemplate(template, req(body, extra));
  if (!r.ok) throw new Error(`${r.error.kind} error ${r.error.line}:${r.error.column}: ${r.error.message}`);
  return r.output;
}

describe('A.5 AWS-verified: response templates on an echo backend (test_input_path_template_formatting)', () => {
  const echo = (posted: string): string => `{"json": ${posted}, "headers": {}}`;
  const routes = {
    path: '#set($result = $input.path("$.json"))$result',
    nested: '#set($result = $input.path("$.json"))$result.nested',
    list: '#set($result = $input.path("$.json"))$result[0]',
    'to-string': '#set($result = $input.path("$.json"))$result.toString()',
  } as const;
  it.each([
    ['{"foo": "bar"}', 'path', '{foo=bar}'],
    ['[{"foo": "bar"}]', 'path', '[{"foo":"bar"}]'],
    ['{"nested": {"foo": "bar"}}', 'nested', '{foo=bar}'],
    ['{"nested": [{"foo": "bar"}]}', 'nested', '[{"foo":"bar"}]'],
    ['[{"foo": "bar"}]', 'list', '{foo=bar}'],
    ['[[{"foo": "bar"}]]', 'list', '[{"foo":"bar"}]'],
    ['{"foo": [{"nested": "bar"}]}', 'path', '{foo=[{"nested":"bar"}]}'],
    ['{"bigger": "dict", "to": "test", "with": "separators"}', 'path', '{bigger=dict, to=test, with=separators}'],
    ['{"foo": "bar"}', 'to-string', '{foo=bar}'],
    ['{"list": [{"foo": "bar"}]}', 'to-string', '{list=[{"foo":"bar"}]}'],
  ] as const)('%s via route %s → %s', (posted, route, expected) => {
    expect(render(routes[route], echo(posted))).toBe(expected);
  });

  const compareTemplate = (path: string): string =>
    `#set($result = $input.path("${path}")){"body": $result, "nested": $result.nested, "isNull": #if( $result == $null )"true"#else"false"#end, "isEmptyString": #if( $result == "" )"true"#else"false"#end}`;

  it('a missing path is null and equals "" (no body)', () => {
    expect(render(compareTemplate('$.nonExisting'), '')).toBe('{"body": , "nested": , "isNull": "true", "isEmptyString": "true"}');
  });
  it('an empty JSON list renders [] and is neither null nor ""', () => {
    expect(render(compareTemplate('$.json.listValue'), echo('{"listValue": []}'))).toBe(
      '{"body": [], "nested": , "isNull": "false", "isEmptyString": "false"}',
    );
  });
  it('a JSON null equals both $null and ""', () => {
    expect(render(compareTemplate('$.json.listValue'), echo('{"listValue": null}'))).toBe(
      '{"body": , "nested": , "isNull": "true", "isEmptyString": "true"}',
    );
  });
});

describe('A.5 AWS-verified: $input.body formatting (test_input_body_formatting)', () => {
  const bodies = ['', '{"some": "value"}', 'some raw data'] as const;
  it.each([
    ['#set($result = $input.body)$result', ['{}', '{"some": "value"}', 'some raw data']],
    ['Action=SendMessage&MessageBody=$input.body', ['Action=SendMessage&MessageBody={}', 'Action=SendMessage&MessageBody={"some": "value"}', 'Action=SendMessage&MessageBody=some raw data']],
    ['#set($result = $input.body.testAccess)$result', ['', '', '']],
    [
      'EncodedBody=$util.urlEncode($input.body)&EncodedBodyAccess=$util.urlEncode($input.body.testAccess)',
      ['EncodedBody=%7B%7D&EncodedBodyAccess=', 'EncodedBody=%7B%22some%22%3A+%22value%22%7D&EncodedBodyAccess=', 'EncodedBody=some+raw+data&EncodedBodyAccess='],
    ],
  ] as const)('%s', (template, expected) => {
    bodies.forEach((body, i) => expect(render(template, body)).toBe(expected[i]));
  });
});

describe('A.5 AWS-verified: bodies that reached SQS', () => {
  it('passes the raw body through, keeping 280.00', () => {
    expect(render('Action=SendMessage&MessageBody=$input.body', '{"foo": "bar"}')).toBe('Action=SendMessage&MessageBody={"foo": "bar"}');
    expect(render('Action=SendMessage&MessageBody=$input.body', '')).toBe('Action=SendMessage&MessageBody={}');
    const karaoke = '{"id": "GF854123","price": 280.00,"name": "Karaoke"}';
    expect(render('Action=SendMessage&MessageBody=$input.body', karaoke)).toBe(`Action=SendMessage&MessageBody=${karaoke}`);
  });

  it('Kinesis PutRecords: `$foo.bar.stuff != \'\'` with $foo undefined takes #else (PartitionKey "20")', () => {
    const template = [
      '#set( $numRecords = $input.path(\'$.records\').size() )',
      '#set( $maxIndex = $numRecords - 1 )',
      '[#foreach( $idx in [0..$maxIndex] )',
      '#set( $elem = $input.path("$.records[${idx}]") )',
      '#set( $elemJsonB64 = $util.base64Encode($elem.data) )',
      '{"Data": "$elemJsonB64", "PartitionKey": #if( $foo.bar.stuff != \'\')"$elem.partitionKey"#else"$elemJsonB64.length()"#end}#if($foreach.hasNext),#end',
      '#end]',
    ].join('\n');
    const body = '{"records":[{"data":"{\\"foo\\": \\"bar1\\"}"},{"data":"{\\"foo\\": \\"bar2\\"}"}]}';
    expect(render(template, body)).toBe(
      '[{"Data": "eyJmb28iOiAiYmFyMSJ9", "PartitionKey": "20"},{"Data": "eyJmb28iOiAiYmFyMiJ9", "PartitionKey": "20"}]',
    );
  });
});

describe('A.5 V1.7-ref vectors', () => {
  const body = '{"a":1,"s":"x y","f":10.00,"big":3000000000,"e":1.5e10,"arr":[{"foo":"bar"},2,"three",null,true],"obj":{"k":"v","n":null},"neg":-0.0}';
  it.each([
    ["$input.json('$')", '{"a":1,"s":"x y","f":10.0,"big":3000000000,"e":1.5E10,"arr":[{"foo":"bar"},2,"three",null,true],"obj":{"k":"v","n":null},"neg":-0.0}'],
    ["$input.json('$.s')", '"x y"'],
    ["$input.json('$.arr[*]')", '[{"foo":"bar"},2,"three",null,true]'],
    ["$input.json('$..k')", '["v"]'],
    ["$input.path('$')", '{a=1, s=x y, f=10.0, big=3000000000, e=1.5E10, arr=[{"foo":"bar"},2,"three",null,true], obj={k=v, n=null}, neg=-0.0}'],
    ["$input.path('$.arr').size()|$input.path('$.obj').size()", '5|2'],
    ["$input.path('$').obj.k|$input.path('$').arr[0].foo|$input.path('$.arr').get(2)", 'v|bar|three'],
  ] as const)('%s', (template, expected) => {
    expect(render(template, body)).toBe(expected);
  });

  it('re-serialises JSON compactly with Java number formatting', () => {
    expect(render("$input.json('$')", '{ "some" : "value",  "n": 10.00 }')).toBe('{"some":"value","n":10.0}');
    expect(render("$input.json('$.q')", '{"q":"he said \\"hi\\" / ok"}')).toBe('"he said \\"hi\\" \\/ ok"');
  });

  it.each([
    ["$util.escapeJavaScript('it''s \"q\" \\ / <t>')", 'it\\\'s \\"q\\" \\\\ \\/ <t>'],
    ['$util.escapeJavaScript("é€😀")', '\\u00E9\\u20AC\\uD83D\\uDE00'],
    ['$util.urlEncode("a b&c=d/é~*\'()!.-_+%")', 'a+b%26c%3Dd%2F%C3%A9%7E*%27%28%29%21.-_%2B%25'],
    ['$util.urlDecode("a+b%20c%2Bd%C3%A9")', 'a b c+dé'],
    ['$util.base64Encode("héllo")', 'aMOpbGxv'],
    ['$util.base64Decode("aMOpbGxv")', 'héllo'],
    [
      '#set($o = $util.parseJson(\'{"key1":"var1","key2":{"arr":[1,2,3]}}\'))$o.key2.arr[0]|$o|$o.key2.arr',
      '1|{key1=var1, key2={arr=[1,2,3]}}|[1,2,3]',
    ],
    ['$util.parseJson(\'"str"\')|$util.parseJson(\'42\')|$util.parseJson(\'[1,"a"]\')', 'str|42|[1,"a"]'],
  ] as const)('%s', (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it('escapeJavaScript of control characters', () => {
    expect(render('$util.escapeJavaScript($input.path(\'$.s\'))', '{"s":"a\\nb\\tc\\rd\\u0001e\\u001Ff\\bg\\f"}')).toBe('a\\nb\\tc\\rd\\u0001e\\u001Ff\\bg\\f');
  });

  it('escapeJavaScript of $input.json', () => {
    expect(render("$util.escapeJavaScript($input.json('$'))", '{"msg": "it\'s", "u": "é"}')).toBe('{\\"msg\\":\\"it\\\'s\\",\\"u\\":\\"\\u00E9\\"}');
  });

  it('the AWS documentation example (/things/{id})', () => {
    const template = '{\n    "id" : "$input.params(\'id\')",\n    "count" : "$input.path(\'$.things\').size()",\n    "things" : $util.escapeJavaScript($input.json(\'$.things\'))\n}';
    expect(render(template, '{"things":{"1":{},"2":{},"3":{}}}', { path: { id: 'abc' } })).toBe(
      '{\n    "id" : "abc",\n    "count" : "3",\n    "things" : {\\"1\\":{},\\"2\\":{},\\"3\\":{}}\n}',
    );
  });

  it('the SQS form template', () => {
    expect(render('Action=SendMessage&MessageBody=$util.urlEncode($input.body)', '{"foo": "bar & baz"}')).toBe(
      'Action=SendMessage&MessageBody=%7B%22foo%22%3A+%22bar+%26+baz%22%7D',
    );
  });

  it('the AWS-documented .replaceAll("\\\\\'","\'") fix-up after escapeJavaScript', () => {
    const t = '{"name": "$util.escapeJavaScript($input.params(\'name\')).replaceAll("\\\\\'","\'")"}';
    expect(render(t, '', { querystring: { name: "Dara O'Brien" } })).toBe('{"name": "Dara O\'Brien"}');
  });
});

describe('B.4 API Gateway → SQS vectors', () => {
  it('message attribute from a header', () => {
    const t =
      "Action=SendMessage&MessageBody=$input.body&MessageAttribute.1.Name=user-agent&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=$input.params('HeaderFoo')";
    expect(render(t, '{"foo": "bar"}', { headers: { HeaderFoo: 'BAR-Header' } })).toBe(
      'Action=SendMessage&MessageBody={"foo": "bar"}&MessageAttribute.1.Name=user-agent&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=BAR-Header',
    );
  });

  it('JSON protocol template and a static response template', () => {
    const t = '{"QueueUrl": "$stageVariables.queueUrl", "MessageBody": "$util.escapeJavaScript($input.body)"}';
    expect(render(t, '{"foo": "bar"}', { stageVariables: { queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q' } })).toBe(
      '{"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q", "MessageBody": "{\\"foo\\": \\"bar\\"}"}',
    );
    expect(render('{"message": "great success!"}', '{"SendMessageResponse":{}}')).toBe('{"message": "great success!"}');
  });

  it('response template on the JSON form of a query-protocol SendMessage response', () => {
    const t = [
      "#set($responseBody = $input.path('$.SendMessageResponse'))",
      "#set($requestId = $input.path('$.SendMessageResponse.ResponseMetadata.RequestId'))",
      '#set($messageId = $responseBody.SendMessageResult.MessageId)',
      '{ "requestId": "$requestId", "messageId": "$messageId" }',
    ].join('\n');
    const body =
      '{"SendMessageResponse":{"ResponseMetadata":{"RequestId":"27daac76-34dd-47df-bd01-1f6e873584a0"},"SendMessageResult":{"MD5OfMessageAttributes":null,"MD5OfMessageBody":"94232c5b8fc9272f6f73a1e36eb68fcf","MessageId":"5fea7756-0ea4-451a-a703-a558b933e274","SequenceNumber":null}}}';
    expect(render(t, body)).toBe('{ "requestId": "27daac76-34dd-47df-bd01-1f6e873584a0", "messageId": "5fea7756-0ea4-451a-a703-a558b933e274" }');
  });
});
