import { expect, test, type Page, type TestInfo } from '@playwright/test';

const STEPS = ['Queue', 'Execution role', 'Protocol', 'Integration', 'Headers', 'Mapping template', 'Responses', 'Review'];

async function attachScreenshot(page: Page, testInfo: TestInfo, name: string) {
  await testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
}

async function waitUntilSaved(page: Page) {
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
}

async function goToStep(page: Page, title: string) {
  await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('link', { name: new RegExp(`^\\d\\. ${title}`) }).click();
  await expect(page.getByRole('heading', { level: 2, name: title, exact: true })).toBeVisible();
}

test('design a query-protocol integration, fix it with the doctor, switch to JSON and keep everything across a reload', async ({ page, baseURL }, testInfo) => {
  const consoleHost = new URL(baseURL!).host;
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const foreignRequests: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) && url.host !== consoleHost) foreignRequests.push(request.url());
  });

  await page.goto('/designs');
  await expect(page.getByRole('heading', { level: 1, name: 'Designs' })).toBeVisible();
  await page.getByRole('button', { name: 'Create design: AWS query protocol (as documented)' }).click();
  await expect(page).toHaveURL(/\/designs\/[a-z2-9]{10}\/queue$/);
  const designUrl = page.url().replace(/\/queue$/, '');

  const preview = page.getByRole('complementary', { name: 'Live preview' });
  const requestLine = preview.getByTestId('preview-request-line');
  const headers = preview.getByTestId('preview-headers');
  const body = preview.getByTestId('preview-body');

  // Seed 002's query protocol, exactly as documented.
  await expect(requestLine).toHaveText(/^POST https:\/\/sqs\.us-east-1\.amazonaws\.com\/000000000000\/orders(-\d+)?$/);
  await expect(headers).toContainText('Content-Type: application/x-www-form-urlencoded');
  await expect(body).toHaveText(/^Action=SendMessage&MessageBody=\{/);

  // A tour of every step, by keyboard-reachable Next buttons, with a screenshot of each.
  for (const [i, title] of STEPS.entries()) {
    await expect(page.getByRole('heading', { level: 2, name: title, exact: true })).toBeVisible();
    if (title === 'Execution role') await expect(page.getByTestId('role-policy-editor').locator('.monaco-editor')).toBeVisible();
    if (title === 'Mapping template') await expect(page.getByTestId('template-editor').locator('.monaco-editor')).toBeVisible();
    await attachScreenshot(page, testInfo, `step-${i + 1}-${title.toLowerCase().replace(/\s+/g, '-')}`);
    const next = STEPS[i + 1];
    if (next) await page.getByRole('button', { name: `Next: ${next} →` }).click();
  }
  await expect(page).toHaveURL(`${designUrl}/review`);

  // The body with & + % quotes, unicode and newlines breaks an unencoded form body: the doctor says so.
  await goToStep(page, 'Mapping template');
  await expect(preview.getByRole('region', { name: /Doctor findings/ }).getByTestId('finding-query-body-not-urlencoded')).toContainText(/^warning/i);
  await preview.getByLabel('Sample body').selectOption({ label: 'Special characters: & + % quotes unicode newlines' });
  await expect(body).toContainText('MessageBody={');
  await expect(body).toContainText('Fish & chips + 50%');
  await expect(preview.getByText(/SQS would answer MalformedQueryString/)).toBeVisible();
  const findings = page.getByRole('complementary', { name: 'Live preview' }).getByRole('region', { name: /Doctor findings/ });
  const finding = findings.getByTestId('finding-query-body-not-urlencoded');
  await expect(finding).toBeVisible();
  await expect(finding).toContainText(/^error/i);
  await expect(finding).toContainText('urlEncode');
  await attachScreenshot(page, testInfo, 'doctor-flags-missing-urlencode');

  await finding.getByRole('button', { name: /^Fix:/ }).click();
  await expect(body).toHaveText(/^Action=SendMessage&MessageBody=%7B%0A\+\+%22note%22%3A\+%22Fish\+%26\+chips\+%2B\+50%25\+off/);
  await expect(body).toContainText('caf%C3%A9');
  await expect(preview.getByTestId('preview-form-fields')).toContainText('"note": "Fish & chips + 50% off \\"today\\""');
  await expect(preview.getByText(/SQS would answer MalformedQueryString/)).toHaveCount(0);
  await expect(findings.getByTestId('finding-query-body-not-urlencoded')).toHaveCount(0);
  await expect(page.getByTestId('template-editor').locator('.view-lines')).toContainText('$util.urlEncode($input.body)');
  await attachScreenshot(page, testInfo, 'doctor-fix-applied');

  // Switch protocol: the JSON protocol's path, headers and (no) template are regenerated.
  await goToStep(page, 'Protocol');
  await page.getByRole('radio', { name: 'AWS JSON protocol' }).check();
  await expect(requestLine).toHaveText('POST https://sqs.us-east-1.amazonaws.com/');
  await expect(headers).toContainText('X-Amz-Target: AmazonSQS.SendMessage');
  await expect(headers).toContainText('Content-Type: application/x-amz-json-1.0');
  await expect(preview.getByTestId('preview-parsed-body')).toContainText(/"QueueUrl": "https:\/\/sqs\.us-east-1\.amazonaws\.com\/000000000000\/orders(-\d+)?"/);
  await attachScreenshot(page, testInfo, 'json-protocol');

  // A template with a syntax error: Monaco marks the line lib/vtl reports.
  await goToStep(page, 'Mapping template');
  await page.getByLabel('Content-Type of a new template').fill('application/json');
  await page.getByRole('button', { name: 'Add mapping template' }).click();
  const editor = page.getByTestId('template-editor');
  await expect(editor.locator('.monaco-editor')).toBeVisible();
  await editor.locator('.view-lines').click();
  await page.keyboard.type('Action=SendMessage');
  await page.keyboard.press('Enter');
  await page.keyboard.type('#end');
  await expect(editor.locator('.view-lines')).toContainText('#end');
  await expect(page.getByTestId('template-problems')).toContainText('Line 2, column 1: #end without a matching');
  await expect(editor.locator('.squiggly-error')).toHaveCount(1);
  await attachScreenshot(page, testInfo, 'template-syntax-error-marker');

  // Reload: the saved design (and the sample request) come back as they were.
  await waitUntilSaved(page);
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Mapping template', exact: true })).toBeVisible();
  await expect(editor.locator('.view-lines')).toContainText('Action=SendMessage');
  await expect(editor.locator('.view-lines')).toContainText('#end');
  await expect(page.getByTestId('template-problems')).toContainText('Line 2, column 1');
  await expect(editor.locator('.squiggly-error')).toHaveCount(1);
  await expect(requestLine).toHaveText('POST https://sqs.us-east-1.amazonaws.com/');
  await expect(headers).toContainText('X-Amz-Target: AmazonSQS.SendMessage');
  await goToStep(page, 'Protocol');
  await expect(page.getByRole('radio', { name: 'AWS JSON protocol' })).toBeChecked();
  await attachScreenshot(page, testInfo, 'after-reload');

  expect(foreignRequests, 'requests to hosts other than the console').toEqual([]);
  expect(pageErrors, 'uncaught errors in the page').toEqual([]);
});
