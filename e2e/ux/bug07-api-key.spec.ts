import { APIGatewayClient, GetApiKeysCommand, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import { expect, test } from '@playwright/test';
import { applyPlan, createDesign, openDeploy, openTestPanel, sandboxUrl, testPanel, testResult, waitUntilSaved } from './helpers';

const apigateway = new APIGatewayClient({ endpoint: sandboxUrl, region: 'us-east-1', credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' } });

async function keysAndPlansNamed(prefix: string) {
  const [keys, plans] = await Promise.all([apigateway.send(new GetApiKeysCommand({ nameQuery: prefix })), apigateway.send(new GetUsagePlansCommand({}))]);
  return { keys: (keys.items ?? []).map((k) => k.name), plans: (plans.items ?? []).map((p) => p.name).filter((n) => n?.startsWith(prefix)) };
}

test('"API key required" creates a key and a usage plan, the test panel uses the key, a 403 is explained, teardown removes both', async ({ page }) => {
  const designId = await createDesign(page);
  await page.goto(`/designs/${designId}/integration`);
  await page.getByLabel('API key required').check();
  await waitUntilSaved(page);

  await openDeploy(page, designId);
  await expect(page.getByText(/^Create API key /).first()).toBeVisible();
  await expect(page.getByText(/^Create usage plan /).first()).toBeVisible();
  await applyPlan(page);

  // The key the apply created is filled in: the send reaches the queue.
  await openTestPanel(page, designId);
  const keyField = testPanel(page).getByLabel('API key (x-api-key)');
  await expect(keyField).not.toHaveValue('');
  await expect(testPanel(page).getByText(/^Filled in with API key (\S+), which the deploy created\./)).toBeVisible();
  const keyName = /API key (\S+), which/.exec((await testPanel(page).getByText(/^Filled in with API key/).textContent()) ?? '')![1]!;
  await testPanel(page).getByRole('button', { name: 'Send to invoke URL' }).click();
  await expect(testResult(page).getByTestId('response-status')).toHaveText('200');
  await expect(testResult(page).getByTestId('delivery-check')).toHaveAttribute('data-state', 'found');

  // Without the key API Gateway answers 403 Forbidden, and the panel says it is the missing key.
  await keyField.fill('');
  await testPanel(page).getByRole('button', { name: 'Send to invoke URL' }).click();
  await expect(testResult(page).getByTestId('response-status')).toHaveText('403');
  const why = testResult(page).getByTestId('error-explanation');
  await expect(why).toContainText('requires an API key');
  await expect(why).toContainText('x-api-key');

  const prefix = keyName.replace(/-key$/, '');
  expect(await keysAndPlansNamed(prefix)).toEqual({ keys: [keyName], plans: [expect.stringContaining(prefix)] });

  // Tearing the design down deletes the key and the usage plan, not only the REST API.
  await openDeploy(page, designId);
  await page.getByRole('button', { name: 'Tear down…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete these resources?' });
  await expect(dialog.getByText(/^Usage plan /)).toBeVisible();
  await expect(dialog.getByText(/^API key /)).toBeVisible();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText(/✓ deleted — REST API/)).toBeVisible();
  await expect(page.getByText(/✓ deleted — Usage plan/)).toBeVisible();
  await expect(page.getByText(/✓ deleted — API key/)).toBeVisible();
  expect(await keysAndPlansNamed(prefix)).toEqual({ keys: [], plans: [] });
});
