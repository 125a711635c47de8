import { expect, type Page, test } from '@playwright/test';

async function createDesign(page: Page): Promise<string> {
  await page.goto('/designs');
  await page.getByRole('button', { name: 'Create design: AWS query protocol (as documented)' }).click();
  await expect(page).toHaveURL(/\/designs\/[a-z2-9]{10}\/queue$/);
  return /\/designs\/([a-z2-9]{10})\//.exec(page.url())![1]!;
}

test('a mapping template over 300 KB gets a field error naming API Gateway\'s quota, and the draft is still saved', async ({ page }) => {
  const designId = await createDesign(page);
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('link', { name: /Responses/ }).click();
  const template = page.getByLabel('Mapping template (application/json)').first();
  await template.fill(`#set($x = "${'a'.repeat(310 * 1024)}")`);
  await expect(page.getByText(/mapping template is 317,4\d\d bytes; API Gateway allows at most 300 KB \(307,200 bytes\) per mapping template/)).toBeVisible();
  await expect(template).toHaveAttribute('aria-invalid', 'true');
  // The 300 KB-plus draft reaches the server (no "Could not reach the console server") and is stored.
  await expect(page.getByText(/Could not reach the console server/)).toHaveCount(0);
  const saveStatus = page.getByTestId('save-status');
  await expect(saveStatus).not.toHaveAttribute('data-status', 'saved');
  await expect(saveStatus).toHaveAttribute('data-status', 'saved', { timeout: 20_000 });
  await page.reload();
  await expect(page.getByText(/API Gateway allows at most 300 KB/)).toBeVisible();
  expect(page.url()).toContain(designId);
});

test('a test body over 10 MB gets a field error before sending; a 1.1 MB body is sent and answered', async ({ page }) => {
  const designId = await createDesign(page);
  await page.goto(`/designs/${designId}/deploy`);
  await expect(page.getByRole('heading', { name: /^Plan on / })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: /^Apply/ }).click();
  await expect(page.getByRole('heading', { name: 'Applied' })).toBeVisible({ timeout: 30_000 });
  await page.goto(`/designs/${designId}/test`);
  const panel = page.getByRole('region', { name: 'Test panel' });
  const body = panel.getByLabel('Body', { exact: true });

  await body.fill('x'.repeat(10 * 1024 * 1024 + 1));
  await expect(panel.getByRole('alert').filter({ hasText: "API Gateway's payload limit is 10 MB" })).toBeVisible();
  await expect(body).toHaveAttribute('aria-invalid', 'true');
  await expect(panel.getByRole('button', { name: 'Test invoke' })).toBeDisabled();
  await expect(panel.getByRole('button', { name: 'Send to invoke URL' })).toBeDisabled();

  await body.fill(`{"message": "${'y'.repeat(1100 * 1024)}"}`);
  await expect(panel.getByText(/SQS accepts messages of at most 1 MiB/)).toBeVisible();
  await panel.getByRole('button', { name: 'Test invoke' }).click();
  await expect(panel.getByTestId('result-summary')).toHaveText(/^Test invoke answered \d{3} in \d+ ms/, { timeout: 30_000 });
  await expect(page.getByText(/Could not reach the console server/)).toHaveCount(0);
});

test('the live preview reports a runaway template as a problem instead of freezing the page', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await createDesign(page);
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('link', { name: /Mapping template/ }).click();
  const lines = page.getByTestId('template-editor').locator('.view-lines');
  await expect(lines).toContainText('Action=SendMessage');
  const paste = async (text: string) => {
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await lines.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('ControlOrMeta+V');
  };
  const problems = page.getByTestId('template-problems');

  await paste('#foreach($i in [1..1000])#foreach($j in [1..1000])#set($x = $input.body.replace("a", "bb").replace("b", "cc"))#end#end{}');
  await expect(problems).toContainText(/The template took longer than 0\.25 s to render \(limit\)/);
  await paste('#if($input.body.matches("(a|aa)*c"))#end{}');
  await expect(problems).toContainText(/The preview does not run this regular expression/);
  // The page still answers: the step navigation works.
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('link', { name: /Responses/ }).click();
  await expect(page.getByLabel('Mapping template (application/json)').first()).toBeVisible();
});
