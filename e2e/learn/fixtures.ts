import { expect, type Page } from '@playwright/test';

/** A learner's way through the course pages, shared by the Learn specs. */

export async function register(page: Page, name: string): Promise<void> {
  await page.goto('/learn');
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Start the course' }).click();
  await expect(page.getByRole('heading', { name: `Welcome back, ${name}` })).toBeVisible();
}

/** Opens an exercise, sets up its scenario and returns the id of the design Sluice created for it. */
export async function startExercise(page: Page, exerciseId: string): Promise<string> {
  await page.goto(`/learn/${exerciseId}`);
  await page.getByRole('button', { name: 'Set up the scenario' }).click();
  const open = page.getByRole('link', { name: 'Open your design' });
  await expect(open).toBeVisible({ timeout: 30_000 });
  return /\/designs\/([a-z2-9]{10})\//.exec((await open.getAttribute('href')) ?? '')![1]!;
}

/** Runs the exercise's check and waits for its verdict. */
export async function check(page: Page, exerciseId: string, expected: 'passed' | 'failed'): Promise<void> {
  await page.goto(`/learn/${exerciseId}`);
  const result = page.getByTestId('check-result');
  // The verdict of this check, not the one the page showed before it: wait for a newer check time.
  const before = (await result.count()) > 0 ? await result.getAttribute('data-checked-at') : null;
  await page.getByRole('button', { name: 'Check' }).click();
  if (before === null) await expect(result).toBeVisible({ timeout: 30_000 });
  else await expect(result).not.toHaveAttribute('data-checked-at', before, { timeout: 30_000 });
  await expect(result).toHaveAttribute('data-passed', expected === 'passed' ? 'true' : 'false', { timeout: 30_000 });
}

export async function deploy(page: Page, designId: string): Promise<void> {
  await page.goto(`/designs/${designId}/deploy`);
  await expect(page.getByRole('heading', { name: /^Plan on / })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: /^Apply/ }).click();
  // Breaking a design on purpose gives it doctor errors: the console asks before applying it.
  const confirm = page.getByRole('dialog', { name: 'Apply anyway?' });
  await expect(page.getByRole('heading', { name: /^(Applying…|Applied|Apply failed)$/ }).or(confirm)).toBeVisible({ timeout: 30_000 });
  if (await confirm.isVisible()) await confirm.getByRole('button', { name: 'Apply anyway' }).click();
  await expect(page.getByRole('heading', { name: 'Applied' })).toBeVisible({ timeout: 30_000 });
}

const panel = (page: Page) => page.getByRole('region', { name: 'Test panel' });

/** Sends from the design's Test tab (optionally with another body) and returns the status the invoke URL answered. */
export async function send(page: Page, designId: string, body?: string, headers?: string): Promise<string> {
  await page.goto(`/designs/${designId}/test`);
  await expect(page.getByRole('heading', { level: 2, name: 'Test' })).toBeVisible();
  if (headers !== undefined) {
    const field = panel(page).getByLabel('Headers', { exact: true });
    await expect(field).not.toHaveValue('');
    await page.waitForLoadState('networkidle');
    await field.fill(headers);
    await expect(field).toHaveValue(headers);
  }
  if (body !== undefined) {
    const field = panel(page).getByLabel('Body', { exact: true });
    // Wait until the panel has loaded its sample (hydrated), then replace it.
    await expect(field).not.toHaveValue('');
    await page.waitForLoadState('networkidle');
    await field.fill(body);
    await expect(field).toHaveValue(body);
  }
  await panel(page).getByRole('button', { name: 'Send to invoke URL' }).click();
  const status = panel(page).getByTestId('test-result').getByTestId('response-status');
  await expect(status).toBeVisible({ timeout: 30_000 });
  return (await status.textContent()) ?? '';
}

/** After a failed send: the doctor's one-click fix for this finding, which redeploys and sends again. */
export async function fixAndResend(page: Page, ruleId: string): Promise<void> {
  const result = panel(page).getByTestId('test-result');
  await result.getByTestId(`explain-finding-${ruleId}`).getByRole('button', { name: 'Fix and resend' }).click();
  await expect(result.getByTestId('fix-result')).toContainText('redeployed', { timeout: 30_000 });
  await expect(result.getByTestId('response-status')).toHaveText('200');
}

/** Replaces the whole text of a Monaco editor (the template or the role policy) as a user pasting would. */
export async function replaceEditorText(page: Page, testId: string, text: string): Promise<void> {
  const lines = page.getByTestId(testId).locator('.view-lines');
  await expect(lines).toBeVisible();
  await lines.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved', { timeout: 10_000 });
}
