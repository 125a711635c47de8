import type { ChildProcess } from 'node:child_process';

/** What the supervisor needs of the in-process sandbox: when it stopped (with the error, if it failed) and how to stop it. */
export type SupervisedSandbox = { closed: Promise<Error | undefined>; close(): Promise<void> };

const KILL_AFTER_MS = 5_000;

/**
 * Keeps `sluice start` whole: the console (a child process) and the sandbox (in this process) live and die together,
 * never a console left running without its sandbox. Resolves with the exit code for `sluice start`:
 * - the console exits → the sandbox is closed, the console's code is returned;
 * - the sandbox stops on its own, or this process hits an uncaught exception or unhandled rejection (which would end
 *   it and orphan the console) → a message says so, the console is stopped (SIGTERM, SIGKILL after 5 s), 1;
 * - SIGINT/SIGTERM are passed on to the console, which then exits.
 */
export function superviseConsole(child: ChildProcess, sandbox: SupervisedSandbox | undefined, log: (line: string) => void = console.error): Promise<number> {
  return new Promise<number>((resolve) => {
    let failed = false;
    let stopping = false;
    const exited = new Promise<number>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) done(child.exitCode ?? 1);
      else child.once('exit', (code) => done(code ?? 1));
    });

    const fail = (what: string) => {
      if (failed) return;
      failed = true;
      log(`Sluice: ${what}. Stopping the console too, so that it does not run without its sandbox; run \`sluice start\` again.`);
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
      killer.unref();
    };
    const onCrash = (err: unknown) => fail(`the sandbox failed (${err instanceof Error ? err.message : String(err)})`);
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      child.kill(signal);
    };
    const onSigint = () => onSignal('SIGINT');
    const onSigterm = () => onSignal('SIGTERM');
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);

    void sandbox?.closed.then((err) => {
      if (!stopping) fail(`the sandbox stopped unexpectedly${err ? ` (${err.message})` : ''}`);
    });

    void exited.then(async (code) => {
      stopping = true;
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
      await sandbox?.close().catch(() => undefined);
      process.off('uncaughtException', onCrash);
      process.off('unhandledRejection', onCrash);
      resolve(failed ? 1 : code);
    });
  });
}
