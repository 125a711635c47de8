import { expect, test } from '@playwright/test';
import { TOKEN } from '../../playwright.config';

const protectedConsole = `http://127.0.0.1:${Number(process.env.SLUICE_E2E_PORT ?? 3100) + 1}`;

test('with a dashboard token configured, the console asks for it and lets the user in once it is right', async ({ page }) => {
  await page.goto(`${protectedConsole}/designs`);
  await expect(page).toHaveURL(`${protectedConsole}/login?next=%2Fdesigns`);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Sluice' })).toBeVisible();

  await page.getByLabel('Dashboard token').fill('not-the-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'dashboard token' })).toHaveText('That is not the dashboard token configured on the server (SLUICE_TOKEN).');
  await expect(page.getByLabel('Dashboard token')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Dashboard token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${protectedConsole}/designs`);
  await expect(page.getByRole('heading', { level: 1, name: 'Designs' })).toBeVisible();
  const cookie = (await page.context().cookies()).find((c) => c.name === 'sluice-session');
  expect(cookie?.httpOnly).toBe(true);
});
