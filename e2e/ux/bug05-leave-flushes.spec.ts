import { expect, test } from '@playwright/test';
import { createDesign } from './helpers';

test('typing and at once leaving through the top navigation keeps the edit', async ({ page }) => {
  const designId = await createDesign(page);
  await page.getByLabel('Queue name').fill('typed-then-left');
  // Well inside the autosave delay.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sandbox' }).click();
  await expect(page).toHaveURL(/\/sandbox$/);
  await page.goto(`/designs/${designId}/queue`);
  await expect(page.getByLabel('Queue name')).toHaveValue('typed-then-left');
});
