import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createPresetDesign } from '@/lib/design';

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

function tempFile(name: string, content: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'sluice-cli-')), name);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('sluice preview', () => {
  it('prints the integration request of the documented query preset for seed 002 sample', async () => {
    const out = await cli(['preview', 'examples/query-documented.json']);
    expect(out.code).toBe(0);
    const req = JSON.parse(out.stdout) as { method: string; url: string; headers: [string, string][]; body: string };
    expect(req.method).toBe('POST');
    expect(req.url).toBe('https://sqs.us-east-1.amazonaws.com/000000000000/orders');
    expect(req.headers).toContainEqual(['Content-Type', 'application/x-www-form-urlencoded']);
    expect(req.body).toBe('Action=SendMessage&MessageBody={\n"message": "Hello World"\n}');
  });

  it('renders a given request and reports a template error with its line', async () => {
    const request = tempFile('request.json', { headers: { 'Content-Type': 'application/json' }, body: 'a&b' });
    const encoded = await cli(['preview', 'examples/query-urlencoded.json', '--request', request]);
    expect(JSON.parse(encoded.stdout).body).toBe('Action=SendMessage&MessageBody=a%26b');
    const broken = createPresetDesign('query-urlencoded');
    broken.integration.requestTemplates['application/json'] = 'Action=SendMessage\n#if($x';
    const result = await cli(['preview', tempFile('design.json', broken), '--request', request]);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/"status": 500/);
    expect(result.stdout + result.stderr).toMatch(/"line": 2/);
  });
});

describe('sluice preview agrees with sluice doctor', () => {
  it('sends the JSON protocol its own test request, and exits 1 (naming why) when SQS would refuse it', async () => {
    const ok = await cli(['preview', 'examples/json-documented.json']);
    expect(ok.code).toBe(0);
    const req = JSON.parse(ok.stdout) as { headers: [string, string][]; body: string };
    expect(req.headers).toContainEqual(['Content-Type', 'application/x-amz-json-1.0']);
    expect(req.headers).toContainEqual(['X-Amz-Target', 'AmazonSQS.SendMessage']);
    expect(JSON.parse(req.body)).toEqual({ QueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/orders', MessageBody: 'This is a test message' });

    const d = createPresetDesign('json-documented');
    delete d.integration.requestParameters['integration.request.header.X-Amz-Target'];
    const file = tempFile('no-target.json', d);
    const broken = await cli(['preview', file]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^error: .*X-Amz-Target/m);
    expect((await cli(['doctor', file])).code).toBe(1);
  });
});

describe('sluice doctor', () => {
  it('passes every example and fails seed 000 mappings with exit code 1', async () => {
    expect((await cli(['doctor', 'examples/query-urlencoded.json'])).code).toBe(0);
    const d = createPresetDesign('json-documented');
    d.integration.requestParameters = {
      'integration.request.header.X-Amz-Target': "'SendMessage'",
      'integration.request.header.X-Amz-Content-Type-X': "'application/x-amz-json-1.0'",
      'integration.request.path.QueueUrl': 'method.request.body',
      'integration.request.body.MessageBody': 'integration.request.body',
    };
    const out = await cli(['doctor', tempFile('seed000.json', d), '--json']);
    expect(out.code).toBe(1);
    const ids = (JSON.parse(out.stdout) as { id: string }[]).map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['x-amz-target-format', 'unknown-sqs-header', 'request-parameter-path-unused', 'request-parameter-key']));
  });
});

describe('CLI errors', () => {
  it('every error is one message on stderr with exit code 2, never a stack trace', async () => {
    const yaml = path.join(mkdtempSync(path.join(tmpdir(), 'sluice-cli-')), 'serverless.yml');
    writeFileSync(yaml, 'service: orders\nprovider:\n  name: aws\n');
    const broken = path.join(path.dirname(yaml), 'broken.json');
    writeFileSync(broken, '{"queue": ');
    const cases: [string[], RegExp][] = [
      [['doctor', 'some.yml'], /^sluice: some\.yml: no such file\.\n$/],
      [['doctor', yaml], /is not a design: it has none of a design's fields/],
      [['doctor', broken], /broken\.json is not valid JSON/],
      [['preview', 'examples/query-urlencoded.json', '--request', 'missing.json'], /missing\.json: no such file/],
      [['design', 'plan', 'nope.json'], /nope\.json: no such file/],
      [['doctor'], /missing required argument/],
      [['no-such-command'], /unknown command/],
    ];
    for (const [args, message] of cases) {
      const out = await cli(args);
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stderr).toMatch(message);
      expect(out.stderr).not.toMatch(/\n\s+at /);
    }
    expect((await cli(['--help'])).code).toBe(0);
  });
});
