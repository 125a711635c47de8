import { expect, test } from '@playwright/test';
import { applyPlan, createDesign, openDeploy, openTestPanel, testPanel, testResult, waitUntilSaved } from './helpers';

test('SSE-KMS with the alias alias/my-team-key: the first send through the invoke URL reaches the queue', async ({ page }) => {
  const designId = await createDesign(page);
  await page.getByRole('radio', { name: /SSE-KMS/ }).check();
  await page.getByRole('textbox', { name: 'KMS key' }).fill('alias/my-team-key');
  await waitUntilSaved(page);
  await openDeploy(page, designId);
  await applyPlan(page);
  await openTestPanel(page, designId);
  await testPanel(page).getByRole('button', { name: 'Send to invoke URL' }).click();
  await expect(testResult(page).getByTestId('response-status')).toHaveText('200');
  await expect(testResult(page).getByTestId('delivery-check')).toHaveAttribute('data-state', 'found');
});
