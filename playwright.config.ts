import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// One fresh data directory per test run, shared by the runner and its workers through the environment.
process.env.SLUICE_E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'sluice-e2e-'));
const consolePort = Number(process.env.SLUICE_E2E_PORT ?? 3100);
const sandboxPort = Number(process.env.SLUICE_E2E_SANDBOX_PORT ?? 4610);
/** Dashboard token of the second, protected console. */
export const TOKEN = 'e2e-dashboard-token-0123456789';

export default defineConfig({
  testDir: 'e2e',
  // The team edition's specs need PostgreSQL and their own consoles (playwright.team.config.ts).
  testIgnore: /e2e\/team\//,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${consolePort}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium; Playwright's own browser download cannot be reached here (docs/toolchain.md).
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  webServer: [
    {
      command: `SLUICE_SANDBOX_FAULTS=1 node bin/sluice.mjs start --no-build --port ${consolePort} --sandbox-port ${sandboxPort} --data-dir ${process.env.SLUICE_E2E_DATA_DIR}`,
      url: `http://127.0.0.1:${consolePort}/designs`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      // A second console protected by a dashboard token (e2e/console/token.spec.ts); it needs no sandbox.
      command: `SLUICE_TOKEN=${TOKEN} node bin/sluice.mjs start --no-build --no-sandbox --port ${consolePort + 1} --data-dir ${process.env.SLUICE_E2E_DATA_DIR}/token`,
      url: `http://127.0.0.1:${consolePort + 1}/login`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
  metadata: { sandboxEndpoint: `http://127.0.0.1:${sandboxPort}` },
});
