import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { cpuMs, freePort, startProcess, stop } from './harness';
import { figure, ratioFigure } from './report';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

const CONNECTIONS = 50;
const DURATION_S = 10;
const BODY = '{"message": "Hello World"}';

type Figures = { requestsPerSecond: number; p99: number; ok: number; non2xx: number; errors: number };

function load(url: string, method: 'GET' | 'POST', body?: string): Promise<Figures> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method,
        connections: CONNECTIONS,
        duration: DURATION_S,
        ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}),
      },
      (err, result) => {
        if (err) return reject(err);
        resolve({ requestsPerSecond: result.requests.average, p99: result.latency.p99, ok: result['2xx'], non2xx: result.non2xx, errors: result.errors + result.timeouts });
      },
    );
  });
}

/** A bare node:http server answering like a tiny API: the ceiling this machine and load generator allow. */
const BARE_SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
});
server.keepAliveTimeout = 65000;
server.listen(Number(process.argv[1]), '127.0.0.1', () => console.log('listening'));
`;

const fmt = (f: Figures) => `${f.requestsPerSecond.toFixed(0)} req/s, p99 ${f.p99} ms (2xx ${f.ok}, non-2xx ${f.non2xx}, errors ${f.errors})`;

/**
 * End to end under load: autocannon (50 connections, ~10 s) POSTs seed 002's body to a deployed query-protocol
 * invoke URL — method request → lib/gateway → STS role session → SigV4 → sandbox SQS → durable SQLite store — next to
 * a bare node:http baseline in the same run. Both servers run in child processes, as in the SendMessage bench, so
 * that the load generator does not share their event loop. Then every message is received back and counted against
 * the 2xx responses: an acknowledged message that is not in the queue is lost.
 */
export async function run(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sluice-bench-apigw-'));
  const barePort = await freePort();
  const sandboxPort = await freePort();
  const bare = await startProcess(['-e', BARE_SERVER, String(barePort)], 'listening');
  const sandbox = await startProcess(
    ['bin/sluice.mjs', 'sandbox', '--port', String(sandboxPort), '--data-dir', dataDir],
    'Sandbox listening on',
  );
  const url = `http://127.0.0.1:${sandboxPort}`;
  const common = { endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const sb = { apigw: new APIGatewayClient(common), iam: new IAMClient(common), sqs: new SQSClient({ ...common, useQueueUrlAsEndpoint: false }) };
  try {
    const queue = await sb.sqs.send(new CreateQueueCommand({ QueueName: 'bench-orders' }));
    const role = await sb.iam.send(
      new CreateRoleCommand({
        RoleName: 'bench-apigw-sqs',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    await sb.iam.send(
      new PutRolePolicyCommand({
        RoleName: 'bench-apigw-sqs',
        PolicyName: 'send',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: 'arn:aws:sqs:us-east-1:000000000000:bench-orders' }],
        }),
      }),
    );
    const api = await sb.apigw.send(new CreateRestApiCommand({ name: 'bench' }));
    const resource = await sb.apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'send' }));
    const ids = { restApiId: api.id!, resourceId: resource.id!, httpMethod: 'POST' };
    await sb.apigw.send(new PutMethodCommand({ ...ids, authorizationType: 'NONE' }));
    await sb.apigw.send(
      new PutIntegrationCommand({
        ...ids,
        type: 'AWS',
        integrationHttpMethod: 'POST',
        uri: 'arn:aws:apigateway:us-east-1:sqs:path/000000000000/bench-orders',
        credentials: role.Role!.Arn!,
        requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
        requestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' },
      }),
    );
    await sb.apigw.send(new PutMethodResponseCommand({ ...ids, statusCode: '200' }));
    await sb.apigw.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '200' }));
    await sb.apigw.send(new PutMethodResponseCommand({ ...ids, statusCode: '400' }));
    await sb.apigw.send(new PutIntegrationResponseCommand({ ...ids, statusCode: '400', selectionPattern: '4\\d{2}' }));
    await sb.apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'bench' }));
    const invokeUrl = `${url}/_aws/execute-api/${api.id}/bench/send`;

    const warm = await fetch(invokeUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
    if (warm.status !== 200) throw new Error(`invoke URL answered ${warm.status}: ${await warm.text()}`);

    // CPU per request is what the machine's other load cannot change, unlike req/s on a shared 2-core box.
    let cpu0 = cpuMs(bare.pid);
    const base = await load(`http://127.0.0.1:${barePort}/`, 'POST', BODY);
    const bareCpuUs = ((cpuMs(bare.pid) - cpu0) * 1000) / Math.max(1, base.ok);
    cpu0 = cpuMs(sandbox.pid);
    const e2e = await load(invokeUrl, 'POST', BODY);
    const invokeCpuUs = ((cpuMs(sandbox.pid) - cpu0) * 1000) / Math.max(1, e2e.ok);
    figure('bare node:http', base.requestsPerSecond, 'req/s', undefined, fmt(base));
    ratioFigure('invoke URL → SQS', e2e.requestsPerSecond, base.requestsPerSecond, 30, fmt(e2e));
    figure('invoke URL → SQS p99', e2e.p99, 'ms', { op: '<=', value: 25 });
    figure('sandbox CPU per invoke request', invokeCpuUs, 'µs', undefined, `bare node:http ${bareCpuUs.toFixed(0)} µs per request`);

    // Received messages stay invisible for the rest of the run, so each is counted once without deleting.
    const acknowledged = e2e.ok + 1;
    const seen = new Set<string>();
    for (let empty = 0; empty < 2; ) {
      const out = await sb.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 43_200 }));
      const messages = out.Messages ?? [];
      if (messages.length === 0) empty += 1;
      for (const m of messages) if (m.MessageId) seen.add(m.MessageId);
    }
    figure('acknowledged but lost', Math.max(0, acknowledged - seen.size), 'count', { op: '<=', value: 0 }, `acknowledged ${acknowledged}, received ${seen.size}`);
  } finally {
    for (const client of Object.values(sb)) client.destroy();
    await stop(sandbox);
    await stop(bare);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
