import { figure } from './report';
import { compileTemplate, createSampleContext, renderTemplate, type VtlRequest } from '@/lib/vtl';

const PRESETS: { name: string; template: string }[] = [
  { name: 'form raw body', template: 'Action=SendMessage&MessageBody=$input.body' },
  { name: 'form urlEncode', template: 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' },
  {
    name: 'json protocol',
    template: '{"QueueUrl": "$stageVariables.queueUrl", "MessageBody": "$util.escapeJavaScript($input.body).replaceAll("\\\\\'","\'")"}',
  },
  {
    name: 'fifo',
    template:
      "Action=SendMessage&MessageBody=$util.urlEncode($input.body)&MessageGroupId=$util.urlEncode($input.params('X-Message-Group-Id'))&MessageDeduplicationId=$context.requestId",
  },
  {
    name: 'message attributes',
    template: [
      "#set($attrs = $input.path('$.attributes'))",
      'Action=SendMessage&MessageBody=$util.urlEncode($input.body)#foreach($key in $attrs.keySet())&MessageAttribute.${foreach.count}.Name=$util.urlEncode($key)&MessageAttribute.${foreach.count}.Value.DataType=String&MessageAttribute.${foreach.count}.Value.StringValue=$util.urlEncode($attrs.get($key))#end',
    ].join('\n'),
  },
];

/** A 1 KiB JSON body with an `attributes` object, quotes, non-ASCII text and numbers. */
function makeBody(): string {
  const items: { sku: string; qty: number; price: number; note: string }[] = [];
  const base = { orderId: 'A-1001', customer: { id: 'C-42', name: "Zoë O'Brien" }, attributes: { eventType: 'order.created', source: 'web shop', traceId: 'abc-123' }, items };
  let i = 0;
  while (JSON.stringify(base).length < 1000) {
    items.push({ sku: `SKU-${i}`, qty: (i % 5) + 1, price: 10.5 + i, note: 'leave at the "door" & ring' });
    i++;
  }
  let body = JSON.stringify(base);
  while (body.length < 1024) body = body.replace('"orderId"', ' "orderId"');
  return body.slice(0, 1024);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

/** Prints median and p99 warm render time (1 KiB body, cached compile) and cold parse+render time per preset. */
export async function run(): Promise<void> {
  const body = makeBody();
  const request: VtlRequest = {
    body,
    path: {},
    querystring: {},
    headers: { 'Content-Type': 'application/json', 'X-Message-Group-Id': 'customer 4711' },
    context: createSampleContext({ apiId: 'a1b2c3d4e5', stage: 'prod', resourcePath: '/orders' }),
    stageVariables: { queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders-queue' },
  };
  const ITER = 20_000;
  const COLD = 200;
  const rows: string[][] = [['template', 'median (ms)', 'p99 (ms)', 'cold parse+render (ms)', 'budget overhead (ms)', 'output bytes']];
  for (const preset of PRESETS) {
    const first = renderTemplate(preset.template, request);
    if (!first.ok) throw new Error(`${preset.name}: ${first.error.message}`);
    for (let i = 0; i < 2000; i++) renderTemplate(preset.template, request);
    const times = new Array<number>(ITER);
    for (let i = 0; i < ITER; i++) {
      const t0 = performance.now();
      renderTemplate(preset.template, request);
      times[i] = performance.now() - t0;
    }
    times.sort((a, b) => a - b);
    const cold: number[] = [];
    for (let i = 0; i < COLD; i++) {
      // A unique trailing comment defeats the compile cache without changing the output.
      const src = `${preset.template}#* cold ${i} ${Math.random()} *#`;
      const t0 = performance.now();
      compileTemplate(src);
      renderTemplate(src, request);
      cold.push(performance.now() - t0);
    }
    cold.sort((a, b) => a - b);
    // The same warm render without the time budget (lib/vtl/budget.ts): what the deadline checks cost.
    const unbudgeted = new Array<number>(ITER);
    for (let i = 0; i < ITER; i++) {
      const t0 = performance.now();
      renderTemplate(preset.template, request, { timeLimitMs: Number.POSITIVE_INFINITY });
      unbudgeted[i] = performance.now() - t0;
    }
    unbudgeted.sort((a, b) => a - b);
    figure(`render median, ${preset.name}`, percentile(times, 0.5), 'ms', { op: '<=', value: 0.2 }, `p99 ${percentile(times, 0.99).toFixed(4)} ms`);
    rows.push([
      preset.name,
      percentile(times, 0.5).toFixed(4),
      percentile(times, 0.99).toFixed(4),
      percentile(cold, 0.5).toFixed(4),
      (percentile(times, 0.5) - percentile(unbudgeted, 0.5)).toFixed(4),
      String(first.output.length),
    ]);
  }
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  console.log(`VTL render, ${body.length}-byte JSON body, ${ITER} warm iterations per template (goal: median <= 0.2 ms)`);
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  '));
}
