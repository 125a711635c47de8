import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
// The corpus lives beside the repository (shared/vtl-conformance), where CI and developer machines have it.
const corpus = process.env.SLUICE_VTL_CORPUS ?? path.resolve('..', 'shared', 'vtl-conformance', 'dev.jsonl');

it.skipIf(!existsSync(corpus))('the VTL engine passes at least 98 % of the AWS conformance corpus', async () => {
  let stdout = '';
  try {
    ({ stdout } = await run(process.execPath, [path.resolve('bin/sluice.mjs'), 'vtl', 'conformance', corpus], { maxBuffer: 16 * 1024 * 1024 }));
  } catch (err) {
    stdout = (err as { stdout: string }).stdout;
  }
  const m = /^(\d+) passed, (\d+) failed$/m.exec(stdout);
  expect(m, stdout.slice(-2000)).not.toBeNull();
  const passed = Number(m![1]);
  const failed = Number(m![2]);
  expect(passed + failed).toBeGreaterThanOrEqual(300);
  expect(passed / (passed + failed)).toBeGreaterThanOrEqual(0.98);
}, 60_000);
