import { expect, test } from '@playwright/test';
import { createDesign, waitUntilSaved } from './helpers';

test('a 300-character design name is cut at 120 characters and breaks no layout', async ({ page }) => {
  const designId = await createDesign(page);
  await page.goto(`/designs/${designId}/review`);
  const name = page.getByLabel('Design name');
  await name.fill('');
  await name.pressSequentially('x'.repeat(300), { delay: 0 });
  await expect(name).toHaveValue('x'.repeat(120));
  await waitUntilSaved(page);
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.goto('/designs');
  await expect(page.getByRole('link', { name: 'x'.repeat(120) })).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
});
