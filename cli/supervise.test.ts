import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { superviseConsole } from './supervise';

/** A stand-in for `next start`: a process that runs until it is signalled. */
function fakeConsole(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  return child;
}
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

describe('sluice start supervision', () => {
  it('a sandbox that stops on its own stops the console, says why, and exits 1', async () => {
    const child = fakeConsole();
    let fail: (err: Error) => void = () => {};
    const closed = new Promise<Error | undefined>((resolve) => (fail = resolve));
    const lines: string[] = [];
    const code = superviseConsole(child, { closed, close: async () => {} }, (line) => lines.push(line));
    fail(new Error('listen EMFILE: too many open files'));
    expect(await code).toBe(1);
    expect(child.signalCode).toBe('SIGTERM');
    expect(lines).toEqual([
      'Sluice: the sandbox stopped unexpectedly (listen EMFILE: too many open files). Stopping the console too, so that it does not run without its sandbox; run `sluice start` again.',
    ]);
  });

  it('a console that exits closes the sandbox and passes its exit code on', async () => {
    const child = spawn(process.execPath, ['-e', 'process.exit(3)'], { stdio: 'ignore' });
    let closedSandbox = false;
    const code = await superviseConsole(child, { closed: new Promise(() => {}), close: async () => void (closedSandbox = true) }, () => {});
    expect(code).toBe(3);
    expect(closedSandbox).toBe(true);
  });
});

describe('sluice start supervision, in a real process', () => {
  it('an uncaught exception in the sandbox process stops the console instead of orphaning it', () => {
    // A process shaped like `sluice start`: a console child under supervision, then a crash in the sandbox's code.
    const script = `
      const { spawn } = await import('node:child_process');
      const { superviseConsole } = await import(${JSON.stringify(new URL('./supervise.ts', import.meta.url).href)});
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      console.log('console pid ' + child.pid);
      superviseConsole(child, undefined).then((code) => process.exit(code));
      setTimeout(() => { throw new Error('database handle closed'); }, 300);
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Sluice: the sandbox failed (database handle closed). Stopping the console too');
    const pid = Number(/console pid (\d+)/.exec(run.stdout)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });
});
