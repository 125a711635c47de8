import { expect, test } from '@playwright/test';
import { createDesign, waitUntilSaved } from './helpers';

test('after a queue rename, the AccessDenied fix replaces the SendToQueue statement instead of adding a second Sid', async ({ page }) => {
  const designId = await createDesign(page);
  await page.goto(`/designs/${designId}/role`);
  const lines = page.getByTestId('role-policy-editor').locator('.view-lines');
  await expect(lines).toContainText('SendToQueue');
  // An edit makes the policy the user's own: it no longer follows the queue.
  await lines.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' ');
  await expect(page.getByText('Inline policy (edited)')).toBeVisible();
  await waitUntilSaved(page);

  await page.goto(`/designs/${designId}/queue`);
  await page.getByLabel('Queue name').fill('renamed-queue');
  await waitUntilSaved(page);
  await page.goto(`/designs/${designId}/role`);
  const finding = page.getByTestId('finding-access-denied-policy').first();
  await expect(finding).toBeVisible();
  await finding.getByRole('button', { name: /^Fix:/ }).click();
  await expect(page.getByTestId('finding-access-denied-policy')).toHaveCount(0);
  await expect(lines).toContainText('renamed-queue');
  expect(((await lines.textContent()) ?? '').match(/SendToQueue/g)).toHaveLength(1);
});
