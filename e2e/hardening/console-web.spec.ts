import { request as httpRequest } from 'node:http';
import { expect, test } from '@playwright/test';

const port = Number(process.env.SLUICE_E2E_PORT ?? 3100);
const open = `http://127.0.0.1:${port}`;

/** A raw HTTP request with headers a browser under DNS rebinding would send (fetch cannot set Host). */
function raw(path: string, options: { method?: string; headers: Record<string, string> }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.method === 'POST' ? '[]' : undefined);
  });
}

test('a rebinding Host with a matching Origin cannot run a server action or read a page', async () => {
  const action = { 'Next-Action': '00'.repeat(20), 'Content-Type': 'text/plain;charset=UTF-8' };
  const rebound = await raw('/designs', { method: 'POST', headers: { ...action, Host: `rebind.evil.example:${port}`, Origin: `http://rebind.evil.example:${port}` } });
  expect(rebound.status).toBe(403);
  expect(rebound.body).toContain(`This console does not answer to the host name rebind.evil.example:${port}`);
  expect((await raw('/designs', { headers: { Host: `rebind.evil.example:${port}` } })).status).toBe(403);
  // A page on another site posting to the real address is refused as well.
  expect((await raw('/designs', { method: 'POST', headers: { ...action, Host: `127.0.0.1:${port}`, Origin: 'http://evil.example' } })).status).toBe(403);
  // The console's own names still work.
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) expect((await raw('/designs', { headers: { Host: host } })).status, host).toBe(200);
});

test('every response carries the security headers; HSTS only behind HTTPS', async ({ request }) => {
  for (const path of ['/designs', '/login', '/no-such-page']) {
    const res = await request.get(`${open}${path}`);
    const h = res.headers();
    expect(h['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(h['x-content-type-options'], path).toBe('nosniff');
    expect(h['referrer-policy'], path).toBe('same-origin');
    expect(h['strict-transport-security'], path).toBeUndefined();
  }
  const https = await request.get(`${open}/designs`, { headers: { 'X-Forwarded-Proto': 'https' } });
  expect(https.headers()['strict-transport-security']).toBe('max-age=31536000');
});

test('another site cannot show the console in a frame', async ({ page }) => {
  // Another origin on loopback (Chromium would block a public site's frame to 127.0.0.1 before it loads).
  const otherSite = `http://localhost:${port}/prize`;
  await page.route(otherSite, (route) =>
    route.fulfill({ contentType: 'text/html', body: `<h1>Win a prize</h1><iframe title="console" src="${open}/designs" onload="document.title='frame done'"></iframe>` }),
  );
  await page.goto(otherSite);
  await expect(page.getByRole('heading', { name: 'Win a prize' })).toBeVisible();
  await expect(page).toHaveTitle('frame done', { timeout: 20_000 });
  await expect(page.frameLocator('iframe[title="console"]').getByRole('heading', { level: 1, name: 'Designs' })).toHaveCount(0);
});

test('the mapping template editor (Monaco and its workers) loads under the content security policy', async ({ page }) => {
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  await page.goto(`${open}/designs`);
  await page.getByRole('button', { name: 'Create design: AWS query protocol, URL-encoded (recommended)' }).click();
  await expect(page).toHaveURL(/\/queue$/);
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('link', { name: /Mapping template/ }).click();
  const lines = page.getByTestId('template-editor').locator('.view-lines');
  await expect(lines).toContainText('$util.urlEncode($input.body)');
  await lines.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('&X=$context.');
  await expect(page.locator('.suggest-widget')).toContainText('requestId');
  expect(refused).toEqual([]);
});

test('without a dashboard token there is no sign-out button', async ({ page }) => {
  await page.goto(`${open}/designs`);
  await expect(page.getByRole('heading', { level: 1, name: 'Designs' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
});
