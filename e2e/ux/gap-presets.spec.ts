import { expect, test } from '@playwright/test';

test('the recommended URL-encoded preset comes first; the as-documented one warns about & + %', async ({ page }) => {
  await page.goto('/designs');
  const creates = page.getByRole('button', { name: /^Create design: / });
  await expect(creates.first()).toHaveAccessibleName('Create design: AWS query protocol, URL-encoded (recommended)');
  const documented = page.locator('section', { has: page.getByRole('heading', { name: 'New design from a preset' }) }).getByText(/Exactly as the AWS Knowledge Center article documents it/);
  await expect(documented).toContainText('It breaks on bodies with & + % characters');
});
