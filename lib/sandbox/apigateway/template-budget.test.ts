import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  TestInvokeMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { CreateQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from './test-support';

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb.stop();
});

let n = 0;

/** A MOCK method whose request template is `template`, deployed to `prod`; returns its invoke URL and ids. */
async function mockMethod(template: string) {
  const api = await sb.apigw.send(new CreateRestApiCommand({ name: `budget-${++n}` }));
  const resource = await sb.apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'run' }));
  const ids = { restApiId: api.id!, resourceId: resource.id!, httpMethod: 'POST' };
  await sb.apigw.send(new PutMethodCommand({ ...ids, authorizationType: 'NONE' }));
  await sb.apigw.send(new PutIntegrationCommand({ ...ids, type: 'MOCK', requestTemplates: { 'application/json': template } }));
  await sb.apigw.send(new PutMethodResponseCommand({ ...ids, statusCode: '200' }));
  await sb.apigw.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '200', responseTemplates: { 'application/json': '{"ok": true}' } }));
  await sb.apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }));
  return { ids, url: `${sb.url}/_aws/execute-api/${api.id}/prod/run` };
}

const post = (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });

describe('a runaway mapping template on the invoke URL', () => {
  const MB = 1024 * 1024;
  const ok = '{"statusCode": 200}';
  it.each([
    ['matches("(a|aa)*c") on 43 characters', `#if($input.body.matches("(a|aa)*c"))#end${ok}`, 'a'.repeat(43)],
    ['replaceAll("(a|a)*b") on 30 characters', `#set($x = $input.body.replaceAll("(a|a)*b", "x"))${ok}`, 'a'.repeat(30)],
  ])('%s is answered at once, by V8\'s linear-time engine', async (_name, template, body) => {
    const { url } = await mockMethod(template);
    const started = performance.now();
    const res = await post(url, body);
    expect(res.status).toBe(200);
    // Milliseconds when idle; the bound is generous for a loaded CI machine (backtracking took ~50 s).
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it.each([
    ['(?i) matches, which V8\'s linear engine cannot run', `#if($input.body.matches("(?i)(a|aa)*c"))#end${ok}`, 'a'.repeat(43)],
    ['a lookahead that backtracks', `#set($x = $input.body.replaceAll("(a|a)*(?=b)", "x"))${ok}`, 'a'.repeat(30)],
    ['chained $util.urlEncode on 3 MB', `#set($s = $input.body)#foreach($i in [1..200])#set($s = $util.urlEncode($s))#end${ok}`, 'abc'.repeat(MB)],
    ['nested #foreach with replace on 1 MB', `#foreach($i in [1..1000])#foreach($j in [1..1000])#set($x = $input.body.replace("a", "b"))#end#end${ok}`, 'a'.repeat(MB)],
    ['$s.concat($s) past 10 MB', `#set($s = $input.body)#foreach($i in [1..12])#set($s = $s.concat($s))#end${ok}`, 'x'.repeat(MB)],
  ])('%s ends with API Gateway\'s 500 within the budget', async (_name, template, body) => {
    const { url } = await mockMethod(template);
    const started = performance.now();
    const res = await post(url, body);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('{"message": "Internal server error"}');
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('does not delay a concurrent SendMessage to the same sandbox by more than 1 s', async () => {
    const { url } = await mockMethod(`#set($x = $input.body.replaceAll("(?i)(a|a)*b", "x"))#foreach($i in [1..1000])#foreach($j in [1..1000])#set($x = $input.body.replace("a", "b"))#end#end{}`);
    const queue = await sb.sqs.send(new CreateQueueCommand({ QueueName: `budget-q-${n}` }));
    const stalls = [post(url, 'a'.repeat(MB))];
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await sb.sqs.send(new SendMessageCommand({ QueueUrl: queue.QueueUrl, MessageBody: 'still here' }));
    const latency = performance.now() - started;
    const answers = await Promise.all(stalls);
    expect(answers.map((r) => r.status)).toEqual([500]);
    console.log(`SendMessage behind a stalled render: ${latency.toFixed(0)} ms`);
    expect(latency).toBeLessThan(1000);
  });

  it('names the limit in the TestInvokeMethod log', async () => {
    const { ids } = await mockMethod(`#if($input.body.matches("(?i)(a|aa)*c"))#end{"statusCode": 200}`);
    const out = await sb.apigw.send(new TestInvokeMethodCommand({ ...ids, body: 'a'.repeat(43) }));
    expect(out.status).toBe(500);
    expect(out.log).toMatch(/took longer than 0\.5 s/);
  });
});

describe('API Gateway payload limit on the invoke URL', () => {
  it('answers a request over 10 MB with 413 Request Too Long and still serves one of exactly 10 MB', async () => {
    const { url } = await mockMethod('{"statusCode": 200}');
    const over = await post(url, 'x'.repeat(10 * 1024 * 1024 + 1));
    expect(over.status).toBe(413);
    expect(await over.text()).toBe('{"message": "Request Too Long"}');
    expect((await post(url, 'x'.repeat(10 * 1024 * 1024))).status).toBe(200);
  });
});
