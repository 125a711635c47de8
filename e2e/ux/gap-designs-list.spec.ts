import { expect, test } from '@playwright/test';
import { applyPlan, createDesign, openDeploy, openTestPanel, testPanel, testResult } from './helpers';

test('the designs list shows deployed status, invoke URL and the last test result', async ({ page }) => {
  const designId = await createDesign(page);
  await page.goto('/designs');
  const row = page.getByRole('listitem').filter({ has: page.locator(`a[href^="/designs/${designId}/"]`) });
  await expect(row.getByTestId('design-status')).toContainText('Not deployed on Built-in sandbox');

  await openDeploy(page, designId);
  await applyPlan(page);
  const invokeUrl = (await page.getByTestId('invoke-url').textContent()) ?? '';
  await openTestPanel(page, designId);
  await testPanel(page).getByRole('button', { name: 'Send to invoke URL' }).click();
  await expect(testResult(page).getByTestId('response-status')).toHaveText('200');

  await page.goto('/designs');
  const status = row.getByTestId('design-status');
  await expect(status).toContainText('Deployed on Built-in sandbox');
  await expect(status.getByTestId('design-invoke-url')).toHaveText(invokeUrl);
  await expect(status).toContainText('last test 200, message in the queue');
});
