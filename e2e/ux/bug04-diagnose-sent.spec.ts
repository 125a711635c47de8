import { expect, test } from '@playwright/test';
import { applyPlan, createDesign, openDeploy, openTestPanel, testPanel, testResult } from './helpers';

test('the test panel diagnoses the request actually sent, in the design protocol, and offers the fix', async ({ page }) => {
  const designId = await createDesign(page, 'AWS JSON protocol (as documented)');
  await openDeploy(page, designId);
  await applyPlan(page);
  await openTestPanel(page, designId);
  await testPanel(page).getByLabel('Body', { exact: true }).fill('{"QueueUrl": "x", "MessageBody": "hi",}');
  await testPanel(page).getByRole('button', { name: 'Send to invoke URL' }).click();
  const why = testResult(page).getByTestId('error-explanation');
  await expect(why.getByTestId('error-code')).toHaveText('SerializationException');
  const finding = why.getByTestId('explain-finding-json-body-invalid');
  await expect(finding).toContainText('not valid JSON');
  await expect(finding).toContainText('Fix:');
  await expect(why).not.toContainText('finds none');
  await expect(finding.getByRole('link', { name: /^Open the Mapping template step$/ })).toBeVisible();
});
