import { APIGatewayClient, UpdateIntegrationCommand } from '@aws-sdk/client-api-gateway';
import { expect, test } from '@playwright/test';
import { applyPlan, createDesign, deployAndFindIntegration, openDeploy, openTestPanel, sandboxUrl, testPanel, waitUntilSaved } from './helpers';

const apigateway = new APIGatewayClient({ endpoint: sandboxUrl, region: 'us-east-1', credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' } });

test('drift shows an integration timeout change', async ({ page }) => {
  const designId = await createDesign(page);
  const { row, restApiId, resourceId } = await deployAndFindIntegration(page, designId);
  await apigateway.send(new UpdateIntegrationCommand({ restApiId, resourceId, httpMethod: 'POST', patchOperations: [{ op: 'replace', path: '/timeoutInMillis', value: '5000' }] }));
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(row).toContainText('drift: timeoutInMillis changed');
});

test('a queue rename updates the JSON sample QueueUrl', async ({ page }) => {
  const designId = await createDesign(page, 'AWS JSON protocol (as documented)');
  await page.getByLabel('Queue name').fill('renamed-json-queue');
  await waitUntilSaved(page);
  await page.goto(`/designs/${designId}/template`);
  await expect(page.getByRole('complementary', { name: 'Live preview' }).getByLabel('Request body', { exact: true })).toHaveValue(/000000000000\/renamed-json-queue"/);
});

test('"Add mapping template" says why it is disabled', async ({ page }) => {
  const designId = await createDesign(page);
  await page.goto(`/designs/${designId}/template`);
  const add = page.getByRole('button', { name: 'Add mapping template' });
  await expect(add).toBeDisabled();
  await expect(add).toHaveAccessibleDescription(/Type a content type/);
  await page.getByLabel('Content-Type of a new template').fill('application/json');
  await expect(add).toHaveAccessibleDescription(/already a template for application\/json/);
  await page.getByLabel('Content-Type of a new template').fill('text/plain');
  await expect(add).toBeEnabled();
});

test('the test panel names malformed header lines and refuses bad batch counts', async ({ page }) => {
  const designId = await createDesign(page);
  await openDeploy(page, designId);
  await applyPlan(page);
  await openTestPanel(page, designId);
  await testPanel(page).getByLabel('Headers', { exact: true }).fill('Content-Type: application/json\nX-Trace abc');
  await expect(testPanel(page).getByRole('alert').filter({ hasText: 'not a header' })).toContainText('"X-Trace abc"');
  await expect(testPanel(page).getByRole('button', { name: 'Send to invoke URL' })).toBeDisabled();
  await testPanel(page).getByLabel('Headers', { exact: true }).fill('Content-Type: application/json');
  await expect(testPanel(page).getByRole('button', { name: 'Send to invoke URL' })).toBeEnabled();

  const messages = page.getByLabel('Messages', { exact: true });
  for (const bad of ['-5', '1000000', '2.5']) {
    await messages.fill(bad);
    await expect(page.getByRole('alert').filter({ hasText: 'Messages must be a whole number from 1 to 1,000' })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Send .*messages$/ })).toBeDisabled();
  }
  await messages.fill('3');
  await expect(page.getByRole('button', { name: 'Send 3 messages' })).toBeEnabled();
});

test('unknown design URLs and unknown routes are real 404 pages; /favicon.ico exists', async ({ page }) => {
  const design = await page.goto('/designs/abcdefghij/queue');
  expect(design?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Design not found' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Back to designs' })).toBeVisible();
  const unknown = await page.goto('/no-such-page');
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Designs' })).toBeVisible();
  const icon = await page.request.get('/favicon.ico');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toMatch(/image/);
});
