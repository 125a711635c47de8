import { expect, type Page, test } from '@playwright/test';
import { TOKEN } from '../../playwright.config';

const protectedConsole = `http://127.0.0.1:${Number(process.env.SLUICE_E2E_PORT ?? 3100) + 1}`;

async function signIn(page: Page, token: string) {
  await page.getByLabel('Dashboard token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

// Each test signs in as its own client, so one test's lockout does not hold up another.
let client = 0;
test.beforeEach(async ({ page }) => {
  client += 1;
  await page.setExtraHTTPHeaders({ 'X-Forwarded-For': `198.51.100.${client + Math.floor(Math.random() * 200)}` });
});

test('after sign-in the console never sends the user to another site', async ({ page }) => {
  for (const next of ['/\\evil.example', '/\t/evil.example']) {
    await page.context().clearCookies();
    await page.goto(`${protectedConsole}/login?next=${encodeURIComponent(next)}`);
    await signIn(page, TOKEN);
    await expect(page).toHaveURL(`${protectedConsole}/designs`);
    await expect(page.getByRole('heading', { level: 1, name: 'Designs' })).toBeVisible();
  }
  await page.context().clearCookies();
  await page.goto(`${protectedConsole}/integrations`);
  await signIn(page, TOKEN);
  await expect(page).toHaveURL(`${protectedConsole}/integrations`);
});

test('the session cookie is signed, expires after 12 hours, and is Secure behind HTTPS', async ({ page }) => {
  await page.goto(`${protectedConsole}/login`);
  await signIn(page, TOKEN);
  await expect(page).toHaveURL(`${protectedConsole}/designs`);
  const cookie = (await page.context().cookies()).find((c) => c.name === 'sluice-session')!;
  expect(cookie.value).not.toContain(TOKEN);
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.sameSite).toBe('Strict');
  expect(cookie.secure).toBe(false);
  const hours = (cookie.expires * 1000 - Date.now()) / 3_600_000;
  expect(hours).toBeGreaterThan(11.9);
  expect(hours).toBeLessThanOrEqual(12);

  // A raw token in a cookie (what older versions stored) is not a session.
  await page.context().clearCookies();
  await page.context().addCookies([{ name: 'sluice-session', value: TOKEN, url: protectedConsole }, { name: 'sluice-token', value: TOKEN, url: protectedConsole }]);
  await page.goto(`${protectedConsole}/designs`);
  await expect(page).toHaveURL(/\/login\?next=%2Fdesigns$/);

  await page.setExtraHTTPHeaders({ 'X-Forwarded-For': '198.51.100.250', 'X-Forwarded-Proto': 'https' });
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().startsWith(`${protectedConsole}/login`));
  await signIn(page, TOKEN);
  const setCookie = (await (await answer).headersArray()).filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value).join('\n');
  expect(setCookie).toMatch(/sluice-session=t1\.[^;]+;.*Secure/i);
});

test('wrong tokens are throttled: after five, "Too many attempts", and even the right token waits', async ({ page }) => {
  await page.goto(`${protectedConsole}/login`);
  const alert = page.getByRole('alert').filter({ hasText: /token|attempts/ });
  for (let i = 1; i <= 4; i += 1) {
    await signIn(page, `wrong-token-${i}`);
    await expect(alert).toHaveText('That is not the dashboard token configured on the server (SLUICE_TOKEN).');
    await page.getByLabel('Dashboard token').fill('');
  }
  await signIn(page, 'wrong-token-5');
  await expect(alert).toHaveText(/^Too many attempts, try again in (30|29) s\.$/);
  await signIn(page, TOKEN);
  await expect(alert).toHaveText(/^Too many attempts, try again in \d+ s\.$/);
  await expect(page).toHaveURL(/\/login/);
});

test('the header has a sign-out button that ends the session', async ({ page }) => {
  await page.goto(`${protectedConsole}/designs`);
  await signIn(page, TOKEN);
  await expect(page.getByRole('heading', { level: 1, name: 'Designs' })).toBeVisible();
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${protectedConsole}/login`);
  expect((await page.context().cookies()).find((c) => c.name === 'sluice-session')).toBeUndefined();
  await page.goto(`${protectedConsole}/settings`);
  await expect(page).toHaveURL(`${protectedConsole}/login?next=%2Fsettings`);
});
