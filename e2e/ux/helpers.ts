import { expect, type Page } from '@playwright/test';

export const RECOMMENDED = 'AWS query protocol, URL-encoded (recommended)';
export const sandboxUrl = `http://127.0.0.1:${process.env.SLUICE_E2E_SANDBOX_PORT ?? 4610}`;

/** Creates a design from a preset on the Designs page; returns its id. */
export async function createDesign(page: Page, presetTitle = RECOMMENDED): Promise<string> {
  await page.goto('/designs');
  await page.getByRole('button', { name: `Create design: ${presetTitle}` }).click();
  await expect(page).toHaveURL(/\/designs\/[a-z2-9]{10}\/queue$/);
  return /\/designs\/([a-z2-9]{10})\//.exec(page.url())![1]!;
}

export async function waitUntilSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
}

export async function openDeploy(page: Page, designId: string): Promise<void> {
  await page.goto(`/designs/${designId}/deploy`);
  await expect(page.getByRole('heading', { name: /^Plan on Built-in sandbox/ })).toBeVisible({ timeout: 20_000 });
}

export async function applyPlan(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Apply/ }).click();
  const confirm = page.getByRole('dialog', { name: 'Apply anyway?' });
  // A design the doctor finds errors in is applied only after a confirmation.
  await expect(page.getByRole('heading', { name: /^(Applying…|Applied|Apply failed)$/ }).or(confirm)).toBeVisible({ timeout: 30_000 });
  if (await confirm.isVisible()) await confirm.getByRole('button', { name: 'Apply anyway' }).click();
  await expect(page.getByRole('heading', { name: 'Applied' })).toBeVisible({ timeout: 30_000 });
}

export const testPanel = (page: Page) => page.getByRole('region', { name: 'Test panel' });
export const testResult = (page: Page) => testPanel(page).getByTestId('test-result');

export async function openTestPanel(page: Page, designId: string): Promise<void> {
  await page.goto(`/designs/${designId}/test`);
  await expect(page.getByRole('heading', { level: 2, name: 'Test' })).toBeVisible();
}

/** Applies the design on the sandbox, opens Integrations and returns its row with the REST API and resource ids. */
export async function deployAndFindIntegration(page: Page, designId: string) {
  await openDeploy(page, designId);
  await applyPlan(page);
  const invokeUrl = (await page.getByTestId('invoke-url').textContent()) ?? '';
  const restApiId = /execute-api\/([a-z0-9]{10})\//.exec(invokeUrl)?.[1] ?? '';
  await page.goto('/integrations');
  const apiLink = page.locator(`a[href^="/integrations/${restApiId}/"]`);
  const row = page.getByRole('row').filter({ has: apiLink });
  await expect(row).toContainText('deployed = current', { timeout: 20_000 });
  const resourceId = ((await apiLink.first().getAttribute('href')) ?? '').split('/')[3] ?? '';
  return { row, restApiId, resourceId };
}
