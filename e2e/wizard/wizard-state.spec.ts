import { expect, test, type Page } from '@playwright/test';

const STEPS = ['Queue', 'Execution role', 'Protocol', 'Integration', 'Headers', 'Mapping template', 'Responses', 'Review'];

async function createDesign(page: Page, preset: string): Promise<string> {
  await page.goto('/designs');
  await page.getByRole('button', { name: `Create design: ${preset}` }).click();
  await expect(page).toHaveURL(/\/designs\/[a-z2-9]{10}\/queue$/);
  return page.url().replace(/\/queue$/, '');
}

async function waitUntilSaved(page: Page) {
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
}

test('the whole wizard works from the keyboard alone', async ({ page }) => {
  await page.goto('/designs');
  const create = page.getByRole('button', { name: 'Create design: AWS JSON protocol (as documented)' });
  await create.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/queue$/);

  for (const [i, title] of STEPS.entries()) {
    await expect(page.getByRole('heading', { level: 2, name: title, exact: true })).toBeVisible();
    // Every visible form control has an accessible name (a <label>, aria-label or legend).
    const controls = page.locator('main').locator('input:visible, select:visible, textarea:visible');
    for (const control of await controls.all()) await expect(control).toHaveAccessibleName(/\S/);
    const next = STEPS[i + 1];
    if (!next) break;
    const nextButton = page.getByRole('button', { name: `Next: ${next} →` });
    // Tab through every control of the step (editors included) until Next has focus: nothing traps the keyboard.
    for (let presses = 0; presses < 150; presses++) {
      if (await nextButton.evaluate((el) => el === document.activeElement)) break;
      await page.keyboard.press('Tab');
    }
    await expect(nextButton).toBeFocused();
    await page.keyboard.press('Enter');
    // The next step's heading takes focus, so reading and tabbing continue there.
    await expect(page.getByRole('heading', { level: 2, name: next, exact: true })).toBeFocused();
  }
  await expect(page).toHaveURL(/\/review$/);
});

test('a save conflict from another tab offers "reload theirs" and "overwrite with mine"', async ({ page, context }) => {
  const designUrl = await createDesign(page, 'AWS query protocol, URL-encoded (recommended)');
  const other = await context.newPage();
  await other.goto(`${designUrl}/queue`);

  await page.getByLabel('Queue name').fill('from-tab-a');
  await waitUntilSaved(page);

  await other.getByLabel('Queue name').fill('from-tab-b');
  const conflict = other.getByRole('alert').filter({ hasText: 'Another tab saved this design' });
  await expect(conflict).toBeVisible();
  await expect(other.getByTestId('save-status')).toHaveAttribute('data-status', 'conflict');
  await conflict.getByRole('button', { name: 'Overwrite with mine' }).click();
  await waitUntilSaved(other);

  await page.reload();
  await expect(page.getByLabel('Queue name')).toHaveValue('from-tab-b');
  await expect(page.getByRole('complementary', { name: 'Live preview' }).getByTestId('preview-request-line')).toHaveText('POST https://sqs.us-east-1.amazonaws.com/000000000000/from-tab-b');

  // And the other way round: tab B edits while stale, then takes tab A's version.
  await page.getByLabel('Queue name').fill('from-tab-a-again');
  await waitUntilSaved(page);
  await other.getByLabel('Queue name').fill('stale-edit');
  await other.getByRole('button', { name: 'Reload theirs' }).click();
  await expect(other.getByLabel('Queue name')).toHaveValue('from-tab-a-again');
  await waitUntilSaved(other);
});

test('switching protocol asks before replacing edits and keeps them on "No"', async ({ page }) => {
  const designUrl = await createDesign(page, 'AWS query protocol (as documented)');
  await page.goto(`${designUrl}/integration`);
  await page.getByLabel('Path override (optional)').fill('000000000000/hand-written');
  await waitUntilSaved(page);

  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('link', { name: /Protocol/ }).click();
  // The radio stays on the query protocol until the dialog is answered, so this is a click, not check().
  await page.getByRole('radio', { name: 'AWS JSON protocol' }).click();
  const dialog = page.getByRole('dialog', { name: 'Replace your edits?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'No, keep my edits' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('radio', { name: 'AWS JSON protocol' })).toBeChecked();
  await expect(page.getByRole('complementary', { name: 'Live preview' }).getByTestId('preview-request-line')).toHaveText('POST https://sqs.us-east-1.amazonaws.com/000000000000/hand-written');

  await page.getByRole('radio', { name: 'AWS query protocol' }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Yes, regenerate' }).click();
  await expect(page.getByRole('complementary', { name: 'Live preview' }).getByTestId('preview-request-line')).toHaveText(/^POST https:\/\/sqs\.us-east-1\.amazonaws\.com\/000000000000\/orders(-\d+)?$/);
});

test('deep links past the furthest valid step land on the step that needs fixing', async ({ page }) => {
  const designUrl = await createDesign(page, 'FIFO queue');
  await page.getByLabel('Queue name').fill('orders');
  await expect(page.getByText('A FIFO queue name must end with ".fifo"')).toBeVisible();
  await waitUntilSaved(page);
  await page.goto(`${designUrl}/review`);
  await expect(page).toHaveURL(`${designUrl}/queue`);
  await page.getByRole('button', { name: 'Next: Execution role →' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Fix the problems on the Queue step' })).toBeVisible();

  await page.getByLabel('Queue name').fill('orders.fifo');
  await page.getByRole('button', { name: 'Next: Execution role →' }).click();
  await expect(page).toHaveURL(`${designUrl}/role`);
  await page.goto(`${designUrl}/review`);
  await expect(page.getByRole('heading', { level: 2, name: 'Review', exact: true })).toBeVisible();
  await expect(page.getByText('SDK call plan')).toBeVisible();
  await expect(page.getByText('sqs:CreateQueue')).toBeVisible();
});

test('designs can be duplicated and deleted after confirming', async ({ page }) => {
  await createDesign(page, 'With message attributes');
  await page.goto('/designs');
  await expect(page.getByRole('heading', { level: 1, name: 'Designs' })).toBeVisible();
  const list = page.getByRole('region', { name: 'Your designs' });
  await list.getByRole('button', { name: 'Duplicate With message attributes' }).first().click();
  await expect(list.getByRole('link', { name: 'With message attributes (copy)' })).toBeVisible();

  await list.getByRole('button', { name: 'Delete With message attributes (copy)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete “With message attributes (copy)”?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(list.getByRole('link', { name: 'With message attributes (copy)' })).toBeVisible();
  await list.getByRole('button', { name: 'Delete With message attributes (copy)' }).click();
  await dialog.getByRole('button', { name: 'Delete design' }).click();
  await expect(list.getByRole('link', { name: 'With message attributes (copy)' })).toHaveCount(0);
});
