import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

/** Shared by the benches that run servers in child processes, so the load generator never shares their event loop. */
const root = fileURLToPath(new URL('../', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * SLUICE_BENCH_PROFILE=DIR runs the sandbox child under `node --cpu-prof`, writing a .cpuprofile into DIR when it
 * exits; `node bench/top-frames.ts DIR/x.cpuprofile` prints its top self-time frames.
 */
const profileDir = process.env.SLUICE_BENCH_PROFILE;

export function startProcess(args: string[], ready: string): Promise<ChildProcess> {
  const profile = profileDir && args[0] === 'bin/sluice.mjs' ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const child = spawn(process.execPath, [...profile, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(ready)) resolve(child);
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`process exited (${code}): ${out}`)));
  });
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Headers as SDK v3 sends them; the signature is not checked for long-term keys, so a fixed one is realistic. */
export function sqsHeaders(op: string, port: number): Record<string, string> {
  return {
    host: `127.0.0.1:${port}`,
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': `AmazonSQS.${op}`,
    'x-amzn-query-mode': 'true',
    'x-amz-date': '20260101T000000Z',
    'x-amz-content-sha256': 'a9b7f0e0c1b0f4f1d3f6d0a5c0f4f1f0e0c1b0f4f1d3f6d0a5c0f4f1f0e0c1b0',
    'amz-sdk-invocation-id': '6c3b2f1e-3f5e-4d6c-9d0e-2f1b0c9a8e7d',
    'amz-sdk-request': 'attempt=1; max=3',
    'user-agent': 'aws-sdk-js/3.1169.0 ua/2.1 os/linux lang/js md/nodejs#20.20.2 api/sqs#3.1169.0',
    authorization:
      'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, ' +
      'SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-date;x-amz-target;x-amzn-query-mode, ' +
      'Signature=3f1c0d5e7a9b2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d',
  };
}

/** One SQS JSON-protocol call with long-term test credentials; throws unless it answers 200. */
export async function call(port: number, op: string, payload: unknown): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: sqsHeaders(op, port), body: JSON.stringify(payload) });
  if (res.status !== 200) throw new Error(`${op} failed: ${res.status} ${await res.text()}`);
  return res.json();
}


/** CPU time (user + system, ms) a child process has used so far, from /proc (Linux); 0 where /proc is missing. */
export function cpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th, in clock ticks (100/s).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}
