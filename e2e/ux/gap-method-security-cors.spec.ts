import { expect, type Page, test } from '@playwright/test';
import { applyPlan, createDesign, openDeploy, openTestPanel, testPanel, testResult, waitUntilSaved } from './helpers';

async function deployFromWizard(page: Page, designId: string): Promise<string> {
  await openDeploy(page, designId);
  await applyPlan(page);
  return (await page.getByTestId('invoke-url').textContent()) ?? '';
}

test('CORS from the wizard: the preflight, the method and API Gateway’s own errors carry Access-Control-Allow-Origin', async ({ page }) => {
  const designId = await createDesign(page);
  await page.goto(`/designs/${designId}/integration`);
  await page.getByLabel('Enable CORS').check();
  const origin = page.getByLabel('Allowed origin (Access-Control-Allow-Origin)');
  // The console's own origin stands for the user's web app: another origin than the sandbox's invoke URL.
  const appOrigin = new URL(page.url()).origin;
  await origin.fill(`${appOrigin}/app`);
  await expect(page.getByText('is not an origin: use * or scheme://host[:port] with no path')).toBeVisible();
  await origin.fill(appOrigin);
  await page.getByRole('button', { name: "Use the API Gateway console's headers" }).click();
  await expect(page.getByLabel('Allowed headers (Access-Control-Allow-Headers)')).toHaveValue('Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token');
  await waitUntilSaved(page);

  await openDeploy(page, designId);
  await expect(page.getByText('Create method OPTIONS /send for the CORS preflight').first()).toBeVisible();
  await expect(page.getByText(/gateway response DEFAULT_4XX/).first()).toBeVisible();
  await applyPlan(page);
  const invokeUrl = (await page.getByTestId('invoke-url').textContent()) ?? '';

  const preflight = await fetch(invokeUrl, { method: 'OPTIONS', headers: { Origin: appOrigin, 'Access-Control-Request-Method': 'POST' } });
  expect(preflight.status).toBe(200);
  expect(preflight.headers.get('access-control-allow-origin')).toBe(appOrigin);
  expect(preflight.headers.get('access-control-allow-methods')).toBe('OPTIONS,POST');
  expect(preflight.headers.get('access-control-allow-headers')).toBe('Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token');

  const sent = await fetch(invokeUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: appOrigin }, body: '{"message": "Hello World"}' });
  expect(sent.status).toBe(200);
  expect(sent.headers.get('access-control-allow-origin')).toBe(appOrigin);

  const wrongPath = await fetch(`${invokeUrl}-nowhere`, { method: 'POST', headers: { Origin: appOrigin }, body: '{}' });
  expect(wrongPath.status).toBe(403);
  expect(wrongPath.headers.get('access-control-allow-origin')).toBe(appOrigin);

  // A page of the user's app on that origin (served here by the test, without the console's own CSP) can read the
  // invoke URL's answer: the browser enforces CORS.
  await page.route(`${appOrigin}/my-app`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>My app</title>' }));
  // Chromium asks the user before a page may call a local address (Local Network Access); a user would allow it.
  await page.context().grantPermissions(['local-network-access'], { origin: appOrigin });
  await page.goto('/my-app');
  const status = await page.evaluate(async (url) => {
    const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"from": "browser"}' });
    return r.status;
  }, invokeUrl);
  expect(status).toBe(200);
  // The browser refuses to let the page read an error too, unless the gateway response carries the header.
  const errorStatus = await page.evaluate(async (url) => {
    const r = await fetch(`${url}-nowhere`, { method: 'POST', body: '{}' });
    return r.status;
  }, invokeUrl);
  expect(errorStatus).toBe(403);
});

test('AWS_IAM authorization: the test panel signs its request and gets through; an unsigned call gets 403', async ({ page }) => {
  const designId = await createDesign(page);
  await page.goto(`/designs/${designId}/integration`);
  await page.getByRole('radio', { name: /^AWS_IAM/ }).check();
  await waitUntilSaved(page);
  const invokeUrl = await deployFromWizard(page, designId);

  const unsigned = await fetch(invokeUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"message": "Hello World"}' });
  expect(unsigned.status).toBe(403);

  await openTestPanel(page, designId);
  await testPanel(page).getByRole('button', { name: 'Send to invoke URL' }).click();
  await expect(testResult(page).getByTestId('response-status')).toHaveText('200');
  await expect(testResult(page).getByTestId('delivery-check')).toHaveAttribute('data-state', 'found');
});
