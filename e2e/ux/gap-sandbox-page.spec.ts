import { expect, test } from '@playwright/test';
import { applyPlan, createDesign, openDeploy } from './helpers';

test('the Sandbox page creates and deletes queues, sends and receives by hand, deletes APIs and roles, and resets everything', async ({ page }) => {
  await page.goto('/sandbox');
  const name = `by-hand-${Date.now() % 100000}`;
  await page.getByLabel('New queue name').fill(name);
  await page.getByRole('button', { name: 'Create queue' }).click();
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toBeVisible();

  await row.getByRole('button', { name: `Send / receive messages in ${name}` }).click();
  const box = page.getByRole('region', { name: `Send and receive in ${name}` });
  await box.getByLabel('Message body').fill('typed by hand');
  await box.getByRole('button', { name: 'Send message' }).click();
  await expect(box.getByTestId('sent-message')).toContainText('MessageId');

  await row.getByRole('button', { name: `Peek at messages in ${name}` }).click();
  const peek = page.getByRole('region', { name: 'Messages' });
  await expect(peek).toContainText('each peek counts as a receive');
  await expect(peek).toContainText('typed by hand');

  await box.getByRole('button', { name: 'Receive and delete one' }).click();
  await expect(box.getByTestId('received-message')).toContainText('typed by hand');

  await row.getByRole('button', { name: `Delete queue ${name}` }).click();
  await page.getByRole('dialog', { name: 'Delete queue?' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('row', { name: new RegExp(name) })).toHaveCount(0);

  // A deployed design leaves a role and an API to delete.
  const designId = await createDesign(page);
  await openDeploy(page, designId);
  await applyPlan(page);
  await page.goto('/sandbox');
  await page.getByRole('tab', { name: 'Roles' }).click();
  const roleDelete = page.getByRole('button', { name: /^Delete role apigateway-sqs-/ }).first();
  const roleLabel = (await roleDelete.getAttribute('aria-label')) ?? '';
  await roleDelete.click();
  await page.getByRole('dialog', { name: 'Delete role?' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('button', { name: roleLabel, exact: true })).toHaveCount(0);
  await page.getByRole('tab', { name: 'REST APIs' }).click();
  await expect(page.getByRole('button', { name: /^Delete REST API / }).first()).toBeVisible();

  await page.getByRole('button', { name: 'Reset everything' }).click();
  await page.getByRole('dialog', { name: 'Reset the sandbox?' }).getByRole('button', { name: 'Reset everything' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Deleted \d+ queues?, \d+ roles? and \d+ REST APIs?\.$/ })).toBeVisible();
  await expect(page.getByText('No REST APIs yet.')).toBeVisible();
});
