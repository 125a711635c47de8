import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyPlan } from '@/lib/aws/apply';
import { createClients } from '@/lib/aws/clients';
import type { Connection } from '@/lib/aws/connections';
import { planDesign } from '@/lib/aws/plan';
import { createPresetDesign, type PresetId } from '@/lib/design';
import { startSandbox } from '@/lib/sandbox/server';
import { figure } from './report';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Issue 8's figures: SDK calls (plan reads + apply writes) and wall time of a full apply and of a no-op re-apply on
 * the sandbox, per preset, median of several runs. Goals: ≤ 15 calls and ≤ 500 ms for a full apply; 0 writes on re-apply.
 */
export async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sluice-bench-deploy-'));
  const sandbox = await startSandbox({ port: 0, dataDir: dir });
  const connection: Connection = { kind: 'sandbox', id: 'sandbox', name: 'sandbox', endpoint: sandbox.url, region: 'us-east-1' };
  const clients = createClients(connection);
  const runs = 5;
  const presets: PresetId[] = ['query-documented', 'query-urlencoded', 'json-documented', 'fifo'];
  console.log(`load average: ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('preset               | full apply: reads+writes = calls, wall ms (median of 5) | re-apply: reads, writes, wall ms');
  try {
    for (const preset of presets) {
      const full: { calls: number; reads: number; writes: number; ms: number }[] = [];
      const again: { reads: number; writes: number; ms: number }[] = [];
      for (let i = 0; i < runs; i += 1) {
        const suffix = `${preset.replace(/[^a-z]/g, '')}${i}${Date.now() % 100000}`;
        const d = createPresetDesign(preset, { queueName: preset === 'fifo' ? `b${suffix}.fifo` : `b${suffix}`, roleName: `r${suffix}`, apiName: `a${suffix}` });
        const t0 = performance.now();
        const plan = await planDesign(d, clients);
        const applied = await applyPlan(d, plan, clients, connection);
        const ms = performance.now() - t0;
        if (!applied.ok) throw new Error(`apply failed: ${applied.failed?.error.message}`);
        full.push({ calls: plan.reads + applied.calls, reads: plan.reads, writes: applied.calls, ms });
        const t1 = performance.now();
        const replan = await planDesign(d, clients, { restApiId: applied.outputs.restApiId!, queueUrl: applied.outputs.queueUrl! });
        const reapplied = await applyPlan(d, replan, clients, connection);
        again.push({ reads: replan.reads, writes: reapplied.calls, ms: performance.now() - t1 });
      }
      const f = full[0]!;
      figure(`${preset} full apply calls`, f.calls, 'count', { op: '<=', value: 15 });
      figure(`${preset} full apply wall time`, median(full.map((x) => x.ms)), 'ms', { op: '<=', value: 500 });
      figure(`${preset} re-apply writes`, Math.max(...again.map((x) => x.writes)), 'count', { op: '<=', value: 0 });
      console.log(
        `${preset.padEnd(20)} | ${f.reads} + ${f.writes} = ${f.calls} calls, ${median(full.map((x) => x.ms)).toFixed(0)} ms` +
          `${' '.repeat(12)}| ${again[0]!.reads} reads, ${Math.max(...again.map((x) => x.writes))} writes, ${median(again.map((x) => x.ms)).toFixed(0)} ms`,
      );
    }
  } finally {
    for (const c of [clients.sqs, clients.iam, clients.sts, clients.apigateway]) c.destroy();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
