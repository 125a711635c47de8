import { APIGatewayClient, UpdateIntegrationCommand } from '@aws-sdk/client-api-gateway';
import { expect, test } from '@playwright/test';
import { createDesign, deployAndFindIntegration, sandboxUrl } from './helpers';

const apigateway = new APIGatewayClient({ endpoint: sandboxUrl, region: 'us-east-1', credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' } });

test('an Integrations row links to the design that deployed it and redeploys a drifted stage', async ({ page }) => {
  const designId = await createDesign(page);
  await page.goto(`/designs/${designId}/review`);
  const designName = await page.getByLabel('Design name').inputValue();
  const { row, restApiId, resourceId } = await deployAndFindIntegration(page, designId);
  const designLink = row.getByRole('link', { name: /^Open design / });
  await expect(designLink).toHaveAttribute('href', `/designs/${designId}`);
  await expect(designLink).toHaveText(`Open design ${designName}`);
  await expect(row.getByRole('button', { name: /^Redeploy stage/ })).toHaveCount(0);

  // Someone edits the integration outside Sluice: the stage still serves the old deployment.
  await apigateway.send(new UpdateIntegrationCommand({ restApiId, resourceId, httpMethod: 'POST', patchOperations: [{ op: 'replace', path: '/timeoutInMillis', value: '5000' }] }));
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(row).toContainText('drift: timeoutInMillis changed');

  await row.getByRole('button', { name: /^Redeploy stage prod/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Redeploy stage prod?' });
  await expect(dialog).toContainText('timeoutInMillis');
  await dialog.getByRole('button', { name: 'Redeploy stage' }).click();
  await expect(row).toContainText('deployed = current', { timeout: 20_000 });
  await expect(row.getByRole('button', { name: /^Redeploy stage/ })).toHaveCount(0);

  await designLink.click();
  await expect(page).toHaveURL(new RegExp(`/designs/${designId}/`));
});
