import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { sandboxUrl } from '../ux/helpers';

// connections.json is read on every request, so the running console sees these at once.
const file = path.join(process.env.SLUICE_E2E_DATA_DIR!, 'connections.json');

test.beforeAll(() => {
  writeFileSync(
    file,
    JSON.stringify({
      connections: [
        { kind: 'endpoint', id: 'second-endpoint', name: 'Second endpoint', endpoint: sandboxUrl, region: 'us-east-1' },
      ],
    }),
  );
});
test.afterAll(() => rmSync(file, { force: true }));

test('switching connection in the header changes what the header and the Integrations page show', async ({ page }) => {
  await page.goto('/integrations');
  const header = page.getByRole('banner');
  const select = header.getByLabel('Connection');
  await expect(header.getByText('● account 000000000000 · us-east-1')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText(/SQS integrations? on Built-in sandbox\./)).toBeVisible({ timeout: 20_000 });

  // An endpoint connection without credentials on the server: the header says so, and the page's cached discovery
  // is refetched for the new connection without a reload.
  await select.selectOption({ label: 'Second endpoint' });
  await expect(header.getByRole('alert')).toContainText('No credentials found for Second endpoint', { timeout: 20_000 });
  await expect(page.getByRole('main').getByRole('alert')).toContainText('Could not list integrations on Second endpoint', { timeout: 5_000 }) // sooner than its 10 s poll;

  // The choice is the browser's: a reload keeps it.
  await page.reload();
  await expect(page.getByRole('banner').getByLabel('Connection')).toHaveValue('second-endpoint', { timeout: 20_000 });
  await page.getByRole('banner').getByLabel('Connection').selectOption({ label: 'Built-in sandbox' });
  await expect(page.getByRole('banner').getByText('● account 000000000000 · us-east-1')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText(/SQS integrations? on Built-in sandbox\./)).toBeVisible({ timeout: 20_000 });
});
