import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SERVERLESS_SQS_DIRECT_EXAMPLE } from '@/lib/iac/fixtures/serverless-sqs-direct';

const run = promisify(execFile);
const sluice = path.resolve('bin/sluice.mjs');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [sluice, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const tmp = () => mkdtempSync(path.join(tmpdir(), 'sluice-iac-cli-'));
const example = path.join(tmp(), 'serverless.yml');
writeFileSync(example, SERVERLESS_SQS_DIRECT_EXAMPLE);

describe('sluice import / doctor / export', { timeout: 60_000 }, () => {
  it('import --json prints the designs, the findings with lines and what was left out; exit 1 on an error finding', async () => {
    const out = await cli(['import', example, '--json']);
    expect(out.code).toBe(1);
    const json = JSON.parse(out.stdout) as { designs: { resourcePath: string }[]; findings: { id: string; line: number; design: number }[]; unsupported: { line: number }[] };
    expect(json.designs.map((d) => d.resourcePath)).toEqual(['/send']);
    expect(json.findings.find((f) => f.id === 'request-parameter-key')).toMatchObject({ design: 0, line: 63 });
    expect(json.unsupported.length).toBeGreaterThan(0);
  });

  it('doctor reads a serverless.yml, prints file:line for each finding, exits 1', async () => {
    const out = await cli(['doctor', example]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`${example}:60  integration.requestParameters["integration.request.header.X-Amz-Target"]`);
  });

  it('a syntax error is FILE:LINE:COLUMN: message with exit code 2, no stack trace', async () => {
    const file = path.join(tmp(), 'bad.yml');
    writeFileSync(file, 'Resources:\n  Q:\n    Type: [AWS::SQS::Queue\n');
    for (const command of ['import', 'doctor', 'export']) {
      const out = await cli(command === 'export' ? [command, file, '--format', 'sam'] : [command, file]);
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
      expect(out.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('export writes a design as Terraform, and refuses a design the doctor has not fixed', async () => {
    const outFile = path.join(tmp(), 'main.tf');
    const out = await cli(['export', 'examples/query-urlencoded.json', '--format', 'terraform', '--out', outFile]);
    expect(out.code).toBe(0);
    expect(readFileSync(outFile, 'utf8')).toContain('resource "aws_api_gateway_integration"');
    const refused = await cli(['export', example, '--format', 'serverless']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('integration.requestParameters["integration.request.body.MessageBody"]');
  });
});
