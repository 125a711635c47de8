import { defineConfig } from '@playwright/test';
import { ports } from './e2e/team/cluster';

/**
 * The team edition's browser tests (e2e/team): two console instances on one PostgreSQL with OpenID Connect sign-in,
 * started by e2e/team/cluster.ts. They need SLUICE_TEST_DATABASE_URL (`.ci/run` starts a throwaway PostgreSQL).
 */
export default defineConfig({
  testDir: 'e2e/team',
  globalSetup: './e2e/team/cluster.ts',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${ports.consoles[0]}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
});
