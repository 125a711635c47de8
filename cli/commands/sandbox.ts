import path from 'node:path';
import type { Command } from 'commander';

type SandboxOptions = { host: string; port: string; dataDir: string; synchronous: string };

/**
 * `sluice sandbox`: only the local AWS endpoint (SQS, IAM, STS, API Gateway), in the foreground. State lives in
 * `{data-dir}/sandbox/sandbox.db` — the same place `sluice start` uses, so both see the same queues.
 */
export function register(program: Command): void {
  const sandboxCommand = program.command('sandbox');
  sandboxCommand
    .command('coverage')
    .description("Rewrite README.md's sandbox coverage table from the services' route tables.")
    .option('--readme <file>', 'README to rewrite', 'README.md')
    .option('--check', 'only check; exit 1 when the README is out of date')
    .action(async (opts: { readme: string; check?: boolean }) => {
      const { readFileSync, writeFileSync } = await import('node:fs');
      const { coverageTable, withCoverage } = await import('@/lib/sandbox/coverage');
      const { defaultServices } = await import('@/lib/sandbox/server');
      const current = readFileSync(opts.readme, 'utf8');
      const next = withCoverage(current, coverageTable(defaultServices));
      if (opts.check) {
        if (next !== current) {
          console.error(`${opts.readme}: the sandbox coverage table is out of date; run \`node bin/sluice.mjs sandbox coverage\`.`);
          process.exitCode = 1;
        }
        return;
      }
      if (next !== current) writeFileSync(opts.readme, next);
      console.log(next === current ? `${opts.readme}: coverage table already up to date.` : `${opts.readme}: coverage table rewritten.`);
    });
  sandboxCommand
    .description('Run the local AWS sandbox endpoint (SQS, IAM, STS, API Gateway) in the foreground.')
    .option('--host <host>', 'interface to listen on', process.env.SLUICE_SANDBOX_HOST ?? '127.0.0.1')
    .option('--port <port>', 'port to listen on', process.env.SLUICE_SANDBOX_PORT ?? '4566')
    .option('--data-dir <dir>', 'data directory (state in <dir>/sandbox/sandbox.db)', process.env.SLUICE_DATA_DIR ?? '.sluice')
    .option('--synchronous <mode>', 'SQLite synchronous: NORMAL (survives kill -9) or FULL (also power loss, slower)', 'NORMAL')
    .action(async (opts: SandboxOptions) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port: ${opts.port}`);
      const synchronous = opts.synchronous.toUpperCase();
      if (synchronous !== 'NORMAL' && synchronous !== 'FULL') throw new Error(`Invalid --synchronous: ${opts.synchronous}`);
      const { startSandbox } = await import('@/lib/sandbox/server');
      const dataDir = path.join(path.resolve(opts.dataDir), 'sandbox');
      const sandbox = await startSandbox({ host: opts.host, port, dataDir, synchronous });
      console.log(`Sandbox listening on ${sandbox.url} (account 000000000000, region us-east-1, data ${dataDir})`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          console.log('Sandbox stopping…');
          void sandbox.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      console.log('Sandbox stopped.');
    });
}
