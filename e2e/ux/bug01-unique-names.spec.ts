import { expect, test } from '@playwright/test';
import { applyPlan, createDesign, openDeploy, waitUntilSaved } from './helpers';

test('two designs get their own queue, role and API; the plan warns, naming the design, before rewriting a shared role', async ({ page }) => {
  const first = await createDesign(page);
  const firstQueue = await page.getByLabel('Queue name').inputValue();
  await page.goto(`/designs/${first}/role`);
  const firstRole = await page.getByLabel('Role name').inputValue();
  expect(firstRole).toBe(`apigateway-sqs-${firstQueue}`);

  const second = await createDesign(page);
  const secondQueue = await page.getByLabel('Queue name').inputValue();
  expect(secondQueue).not.toBe(firstQueue);
  // Renaming the queue takes the derived role name along.
  await page.getByLabel('Queue name').fill(`${secondQueue}-renamed`);
  await waitUntilSaved(page);
  await page.goto(`/designs/${second}/role`);
  await expect(page.getByLabel('Role name')).toHaveValue(`apigateway-sqs-${secondQueue}-renamed`);

  await openDeploy(page, first);
  await applyPlan(page);

  // The second design now points at the first one's role on purpose: the plan says who else uses it.
  await page.goto(`/designs/${second}/role`);
  await page.getByLabel('Role name').fill(firstRole);
  await waitUntilSaved(page);
  await openDeploy(page, second);
  const warning = page.getByRole('alert').filter({ hasText: 'Shared with something else' });
  await expect(warning).toContainText(`Role ${firstRole} is also used by design`);
  await expect(warning).toContainText('403 AccessDenied');
});
