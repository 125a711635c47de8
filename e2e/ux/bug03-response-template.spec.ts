import { expect, test } from '@playwright/test';
import { createDesign, openDeploy, waitUntilSaved } from './helpers';

test('a response template with #if( is flagged in the wizard, fixable, and deploy asks before applying it', async ({ page }) => {
  const designId = await createDesign(page);
  await page.goto(`/designs/${designId}/responses`);
  await page.locator('#integration-response-0-template').fill('#if(');
  const finding = page.getByRole('region', { name: 'Integration responses' }).getByTestId('finding-template-syntax');
  await expect(finding).toContainText('The 200 response template has a syntax error');
  await expect(finding).toContainText('already in the queue');
  await waitUntilSaved(page);

  await openDeploy(page, designId);
  await expect(page.getByRole('alert').filter({ hasText: 'The doctor finds 1 error' })).toContainText('response template has a syntax error');
  await page.getByRole('button', { name: /^Apply/ }).click();
  const confirm = page.getByRole('dialog', { name: 'Apply anyway?' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { name: 'Applied' })).toHaveCount(0);

  await page.goto(`/designs/${designId}/responses`);
  await page.getByTestId('finding-template-syntax').first().getByRole('button', { name: /^Fix:/ }).click();
  await expect(page.getByTestId('finding-template-syntax')).toHaveCount(0);
});
