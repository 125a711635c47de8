import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createPresetDesign, PRESET_IDS, type PlannedCall } from '@/lib/design';

const run = promisify(execFile);
const sluice = path.resolve('bin/sluice.mjs');
const exampleFiles = readdirSync('examples').filter((f) => f.endsWith('.json'));

async function sluiceCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [sluice, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('sluice design', () => {
  it('has one example per preset, identical to the preset', () => {
    expect(exampleFiles.sort()).toEqual(PRESET_IDS.map((id) => `${id}.json`).sort());
    for (const id of PRESET_IDS) {
      expect(JSON.parse(readFileSync(`examples/${id}.json`, 'utf8'))).toEqual(createPresetDesign(id));
    }
  });

  it.each(exampleFiles)('validate and plan work on examples/%s', async (file) => {
    const validated = await sluiceCli(['design', 'validate', `examples/${file}`]);
    expect(validated.code).toBe(0);
    expect(validated.stdout).toContain('valid');
    const planned = await sluiceCli(['design', 'plan', `examples/${file}`]);
    expect(planned.code).toBe(0);
    const calls = JSON.parse(planned.stdout) as PlannedCall[];
    expect(calls.at(-1)?.operation).toBe('CreateDeployment');
    expect(calls.find((c) => c.operation === 'PutIntegration')?.input).toMatchObject({ type: 'AWS', integrationHttpMethod: 'POST' });
  });

  it('validate prints each field error and exits 1 for an invalid design', async () => {
    const d = createPresetDesign('fifo');
    d.queue.name = 'orders';
    d.integration.timeoutInMillis = 29_001;
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sluice-cli-')), 'bad.json');
    writeFileSync(file, JSON.stringify(d));
    const result = await sluiceCli(['design', 'validate', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('2 errors');
    expect(result.stderr).toContain('queue.name: A FIFO queue name must end with ".fifo", e.g. "orders.fifo".');
    expect(result.stderr).toContain('integration.timeoutInMillis: Integration timeout must be between 50 and 29000 ms.');
  });

  it('names a file that is not JSON', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sluice-cli-')), 'broken.json');
    writeFileSync(file, '{"name": ');
    const result = await sluiceCli(['design', 'validate', file]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('is not valid JSON');
  });
});
