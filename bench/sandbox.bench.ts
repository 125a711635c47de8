import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { call, cpuMs, freePort, sqsHeaders, startProcess, stop } from './harness';
import { figure, ratioFigure } from './report';

const CONNECTIONS = 50;
/** Each target gets 10 s in two interleaved 5 s rounds, so a burst of load from elsewhere on the machine hits both. */
const ROUND_S = 5;
const ROUNDS = 2;

/** The baseline: a bare node:http server answering a small JSON body, in its own process like the sandbox. */
const BARE_SERVER = `
const http = require('node:http');
const body = JSON.stringify({ MD5OfMessageBody: 'fafb00f5732ab283681e124bf8747ed1', MessageId: '5fea7756-0ea4-451a-a703-a558b933e274' });
http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}).listen(Number(process.argv[1]), '127.0.0.1', () => console.log('listening'));
`;

async function load(port: number, body: string, seconds = ROUND_S): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}/`,
    method: 'POST',
    headers: sqsHeaders('SendMessage', port),
    body,
    connections: CONNECTIONS,
    duration: seconds,
  });
}

type Totals = { requests: number; seconds: number; ok: number; non2xx: number; errors: number; p50: number[]; p99: number[] };

function add(t: Totals, r: autocannon.Result): void {
  t.requests += r.requests.total;
  t.seconds += r.duration;
  t.ok += r['2xx'];
  t.non2xx += r.non2xx;
  t.errors += r.errors;
  t.p50.push(r.latency.p50);
  t.p99.push(r.latency.p99);
}

const newTotals = (): Totals => ({ requests: 0, seconds: 0, ok: 0, non2xx: 0, errors: 0, p50: [], p99: [] });
const rate = (t: Totals) => t.requests / t.seconds;

function summary(t: Totals): string {
  return (
    `p50 ${Math.max(...t.p50)} ms   ` +
    `p99 ${Math.max(...t.p99)} ms (rounds ${t.p99.join('/')})   2xx ${t.ok}   non-2xx ${t.non2xx}   errors ${t.errors}`
  );
}

/** Sandbox SendMessage throughput vs. a bare node:http server, then a full drain to prove nothing acknowledged was lost. */
export async function run(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sluice-bench-'));
  const barePort = await freePort();
  const sandboxPort = await freePort();
  const bare = await startProcess(['-e', BARE_SERVER, String(barePort)], 'listening');
  const sandbox = await startProcess(
    ['bin/sluice.mjs', 'sandbox', '--port', String(sandboxPort), '--data-dir', dataDir],
    'Sandbox listening on',
  );
  try {
    const { QueueUrl } = (await call(sandboxPort, 'CreateQueue', { QueueName: 'bench' })) as { QueueUrl: string };
    const body = JSON.stringify({
      QueueUrl,
      MessageBody: JSON.stringify({ orderId: 'A-1001', customer: 'c-42', items: [{ sku: 'sku-1', qty: 2 }], total: 31.5 }),
      MessageAttributes: { source: { DataType: 'String', StringValue: 'bench' } },
    });

    console.log(`${CONNECTIONS} connections, ${ROUNDS}×${ROUND_S} s each (interleaved), loopback; servers in child processes`);
    // Warm-up (JIT, prepared statements, first WAL growth), not measured; its messages are drained and counted too.
    await load(barePort, body, 2);
    const warmup = await load(sandboxPort, body, 2);
    const baseline = newTotals();
    const sqs = newTotals();
    let sandboxCpu = 0;
    for (let i = 0; i < ROUNDS; i++) {
      add(baseline, await load(barePort, body));
      const cpu0 = cpuMs(sandbox.pid);
      add(sqs, await load(sandboxPort, body));
      sandboxCpu += cpuMs(sandbox.pid) - cpu0;
    }
    figure('bare node:http', rate(baseline), 'req/s', undefined, summary(baseline));
    ratioFigure('SendMessage', rate(sqs), rate(baseline), 30, summary(sqs));
    figure('SendMessage p99', Math.max(...sqs.p99), 'ms', { op: '<=', value: 25 });
    figure('sandbox CPU per SendMessage', (sandboxCpu * 1000) / Math.max(1, sqs.ok), 'µs');

    const acknowledged = sqs.ok + warmup['2xx'];
    const seen = new Set<string>();
    let duplicates = 0;
    const drain = async () => {
      for (;;) {
        const out = (await call(sandboxPort, 'ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 3600 })) as {
          Messages?: Array<{ MessageId: string }>;
        };
        if (!out.Messages) return;
        for (const m of out.Messages) {
          if (seen.has(m.MessageId)) duplicates++;
          seen.add(m.MessageId);
        }
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: 4 }, drain));
    // Requests cut off when the load generator stops can be stored without their 2xx being counted, so received may
    // exceed acknowledged; only fewer would be a loss.
    figure('acknowledged but lost', Math.max(0, acknowledged - seen.size), 'count', { op: '<=', value: 0 },
      `acknowledged ${acknowledged}, received ${seen.size} in ${((Date.now() - started) / 1000).toFixed(1)} s, duplicates ${duplicates}`);
    figure('duplicates received', duplicates, 'count', { op: '<=', value: 0 });
  } finally {
    await stop(sandbox);
    await stop(bare);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
