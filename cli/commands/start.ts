import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { startupProblem } from '@/lib/auth/startup';
import { superviseConsole, type SupervisedSandbox } from '../supervise';

const root = fileURLToPath(new URL('../../', import.meta.url));
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

type StartOptions = { host: string; port: string; sandboxPort: string; dataDir: string; sandbox: boolean; build: boolean };

/**
 * `sluice start`: the built-in sandbox (in this process) plus the console (`next start` as a child process), built
 * first when no production build exists. The console listens on 127.0.0.1 unless --host says otherwise, because it
 * holds the power to create IAM roles.
 */
export function register(program: Command): void {
  program
    .command('start')
    .description('Start the console and the local AWS sandbox (builds the console first if needed).')
    .option('--host <host>', 'interface the console listens on', process.env.SLUICE_HOST ?? '127.0.0.1')
    .option('--port <port>', 'console port', process.env.PORT ?? '3000')
    .option('--sandbox-port <port>', 'sandbox port', process.env.SLUICE_SANDBOX_PORT ?? '4566')
    .option('--data-dir <dir>', 'where designs, history and sandbox state are stored', process.env.SLUICE_DATA_DIR ?? '.sluice')
    .option('--no-sandbox', 'do not start the built-in sandbox')
    .option('--no-build', 'never build; fail if there is no production build')
    .action(async (opts: StartOptions) => {
      const refused = startupProblem({ host: opts.host, token: process.env.SLUICE_TOKEN, oidc: Boolean(process.env.SLUICE_OIDC_ISSUER && process.env.SLUICE_OIDC_CLIENT_ID) });
      if (refused) {
        console.error(refused);
        process.exitCode = 2;
        return;
      }
      const dataDir = path.resolve(opts.dataDir);
      // Damaged databases are reported before anything starts (and before a minute-long build).
      const { openCheckedDatabase } = await import('@/lib/sqlite');
      mkdirSync(path.join(dataDir, 'sandbox'), { recursive: true });
      openCheckedDatabase(path.join(dataDir, 'console.db'), 'console database').close();
      if (opts.sandbox) openCheckedDatabase(path.join(dataDir, 'sandbox', 'sandbox.db'), 'sandbox database').close();
      if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
        if (!opts.build) throw new Error('No production build found (.next/BUILD_ID); run `npm run build` first.');
        console.log('Building the console (first start only, about a minute)…');
        const built = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit', env: { NEXT_TELEMETRY_DISABLED: '1', ...process.env } });
        if (built.status !== 0) {
          process.exitCode = built.status ?? 1;
          return;
        }
      }

      // Migrate before the console serves anything, so a database that cannot be reached or migrated stops the start.
      const { migrateConsoleDatabase } = await import('./db');
      const migrated = await migrateConsoleDatabase(dataDir);
      if (migrated.applied.length > 0) console.log(`Console database ${migrated.location}: applied ${migrated.applied.length} migration(s).`);

      let sandbox: SupervisedSandbox | undefined;
      if (opts.sandbox) {
        const { defaultServices, startSandbox } = await import('@/lib/sandbox/server');
        // The fault hook exists for the test suite only (lib/sandbox/faults.ts).
        const faults = process.env.SLUICE_SANDBOX_FAULTS === '1' ? [(await import('@/lib/sandbox/faults')).createFaultService()] : [];
        const running = await startSandbox({
          host: '127.0.0.1',
          port: Number(opts.sandboxPort),
          dataDir: path.join(dataDir, 'sandbox'),
          services: [...faults, ...defaultServices],
        });
        sandbox = running;
        console.log(`Sandbox (SQS, IAM, STS, API Gateway) listening on ${running.url}`);
      }

      const child = spawn(process.execPath, [nextBin, 'start', '-H', opts.host, '-p', opts.port], {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: {
          NEXT_TELEMETRY_DISABLED: '1',
          ...process.env,
          SLUICE_DATA_DIR: dataDir,
          SLUICE_SANDBOX_PORT: opts.sandboxPort,
          SLUICE_HOST: opts.host,
          PORT: opts.port,
        },
      });
      console.log(`Console: http://${opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host}:${opts.port}`);

      process.exitCode = await superviseConsole(child, sandbox);
    });
}
