import { expect, test } from '@playwright/test';

test('a new user can reach every section of the console from the navigation', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/designs$/);
  const nav = page.getByRole('navigation', { name: 'Main' });
  const sections = [
    { link: 'Designs', heading: 'Designs', url: /\/designs$/ },
    { link: 'Integrations', heading: 'Integrations', url: /\/integrations$/ },
    { link: 'Import', heading: 'Import', url: /\/import$/ },
    { link: 'Sandbox', heading: 'Sandbox', url: /\/sandbox$/ },
    { link: 'Settings', heading: 'Settings', url: /\/settings$/ },
  ];
  for (const s of sections) {
    await nav.getByRole('link', { name: s.link }).click();
    await expect(page).toHaveURL(s.url);
    await expect(page.getByRole('heading', { level: 1, name: s.heading })).toBeVisible();
    await expect(nav.getByRole('link', { name: s.link })).toHaveAttribute('aria-current', 'page');
    await page.screenshot({ path: test.info().outputPath(`${s.link.toLowerCase()}.png`) });
  }
  await expect(page.getByText(`127.0.0.1:${process.env.SLUICE_E2E_SANDBOX_PORT ?? 4610}`).first()).toBeVisible();
});

test('the keyboard reaches the skip link and the navigation', async ({ page }) => {
  await page.goto('/settings');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Designs' })).toBeFocused();
});
