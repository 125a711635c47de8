import { expect, test } from '@playwright/test';

test('the mapping template editor knows Velocity: highlighting, completion, hover and snippets', async ({ page }) => {
  await page.goto('/designs');
  await page.getByRole('button', { name: 'Create design: AWS query protocol, URL-encoded (recommended)' }).click();
  await expect(page).toHaveURL(/\/queue$/);
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('link', { name: /Mapping template/ }).click();

  const editor = page.getByTestId('template-editor');
  await expect(editor).toHaveAttribute('aria-label', 'Mapping template for application/json');
  const lines = editor.locator('.view-lines');
  await expect(lines).toContainText('$util.urlEncode($input.body)');

  // References and plain text are different tokens.
  const reference = lines.locator('span', { hasText: /^\$util/ }).first();
  const plain = lines.locator('span', { hasText: /^Action=SendMessage&MessageBody=$/ }).first();
  await expect(reference).toBeVisible();
  expect(await reference.getAttribute('class')).not.toEqual(await plain.getAttribute('class'));

  await lines.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('&MessageDeduplicationId=$context.');
  const suggest = page.locator('.suggest-widget');
  await expect(suggest).toBeVisible();
  await expect(suggest).toContainText('requestId');
  await page.keyboard.press('Escape');

  await reference.hover();
  await expect(page.locator('.monaco-hover:not(.hidden)')).toContainText('application/x-www-form-urlencoded');

  await page.getByLabel('Insert a preset template').selectOption({ label: 'As the AWS Knowledge Center documents it (breaks on & + %)' });
  await expect(lines).toContainText('Action=SendMessage&MessageBody=$input.body');
  await expect(page.getByRole('complementary', { name: 'Live preview' }).getByTestId('preview-body')).toHaveText(/^Action=SendMessage&MessageBody=\{/);
});

test('both editors load self-hosted Monaco without page errors', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto('/designs');
  await page.getByRole('button', { name: 'Create design: AWS query protocol (as documented)' }).click();
  await expect(page).toHaveURL(/\/queue$/);
  const steps = page.getByRole('navigation', { name: 'Wizard steps' });
  await steps.getByRole('link', { name: /Execution role/ }).click();
  const policy = page.getByTestId('role-policy-editor');
  await expect(policy).toHaveAttribute('aria-label', 'Execution role inline policy (JSON)');
  await expect(policy.locator('.view-lines')).toContainText('sqs:SendMessage');
  await steps.getByRole('link', { name: /Mapping template/ }).click();
  await expect(page.getByTestId('template-editor').locator('.view-lines')).toContainText('Action=SendMessage');
  await steps.getByRole('link', { name: /Execution role/ }).click();
  await expect(policy.locator('.view-lines')).toContainText('arn:aws:sqs:us-east-1:000000000000:orders');
  expect(pageErrors).toEqual([]);
});
