import { createHash } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

/** Creates a design from a preset on the designs page; returns its id. */
async function createDesign(page: Page, presetTitle: string): Promise<string> {
  await page.goto('/designs');
  await page.getByRole('button', { name: `Create design: ${presetTitle}` }).click();
  await expect(page).toHaveURL(/\/designs\/[a-z2-9]{10}\/queue$/);
  return /\/designs\/([a-z2-9]{10})\//.exec(page.url())![1]!;
}

/** Applies the design on the sandbox with the deploy page's Apply button. */
async function deploy(page: Page, designId: string): Promise<void> {
  await page.goto(`/designs/${designId}/deploy`);
  await expect(page.getByRole('heading', { name: /^Plan on / })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: /^Apply/ }).click();
  const confirm = page.getByRole('dialog', { name: 'Apply anyway?' });
  // A design the doctor finds errors in is applied only after a confirmation.
  await expect(page.getByRole('heading', { name: /^(Applying…|Applied|Apply failed)$/ }).or(confirm)).toBeVisible({ timeout: 30_000 });
  if (await confirm.isVisible()) await confirm.getByRole('button', { name: 'Apply anyway' }).click();
  await expect(page.getByRole('heading', { name: 'Applied' })).toBeVisible({ timeout: 30_000 });
}

async function openTestPanel(page: Page, designId: string) {
  await page.goto(`/designs/${designId}/test`);
  await expect(page.getByRole('heading', { level: 2, name: 'Test' })).toBeVisible();
}

const panel = (page: Page) => page.getByRole('region', { name: 'Test panel' });
const result = (page: Page) => panel(page).getByTestId('test-result');

test('query protocol as documented: Hello World through the invoke URL reaches the queue with a matching MD5; test invoke shows the transformed body', async ({ page }, testInfo) => {
  const designId = await createDesign(page, 'AWS query protocol (as documented)');

  await page.goto(`/designs/${designId}/test`);
  await expect(page.getByText(/not deployed on Built-in sandbox/)).toBeVisible();
  await expect(page.getByRole('link', { name: /Deploy it on Built-in sandbox/ })).toHaveAttribute('href', `/designs/${designId}/deploy`);

  await deploy(page, designId);
  await openTestPanel(page, designId);
  await panel(page).getByLabel('Sample payload').selectOption({ label: 'AWS Knowledge Center example: {"message": "Hello World"}' });
  await expect(panel(page).getByLabel('Body', { exact: true })).toHaveValue('{"message": "Hello World"}');
  await expect(panel(page).getByLabel('Headers', { exact: true })).toHaveValue('Content-Type: application/json');

  await panel(page).getByRole('button', { name: 'Send to invoke URL' }).click();
  await expect(result(page).getByTestId('response-status')).toHaveText('200');
  const body = result(page).getByTestId('response-body');
  await expect(body).toContainText('"SendMessageResponse"');
  await expect(body).toContainText(`"MD5OfMessageBody": "${md5('{"message": "Hello World"}')}"`);
  const messageId = /"MessageId": "([0-9a-f-]{36})"/.exec((await body.textContent()) ?? '')?.[1];
  expect(messageId).toBeTruthy();
  const delivery = result(page).getByTestId('delivery-check');
  await expect(delivery).toHaveAttribute('data-state', 'found');
  await expect(delivery.getByTestId('delivered-message-id')).toHaveText(messageId!);
  await expect(delivery.getByTestId('delivered-body')).toHaveText('{"message": "Hello World"}');
  await expect(delivery.getByTestId('md5-check')).toHaveAttribute('data-match', 'true');
  await expect(delivery.getByTestId('md5-check')).toContainText('✓ MD5 matches');
  await expect(result(page).getByTestId('result-summary')).toHaveText(/^Invoke URL answered 200 in \d+ ms; message in the queue, MD5 matches\.$/);
  await testInfo.attach('invoke-url', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

  await delivery.getByRole('button', { name: 'Delete the test message' }).click();
  await expect(delivery.getByText('Test message deleted.')).toBeVisible();

  await panel(page).getByRole('button', { name: 'Test invoke' }).click();
  await expect(result(page).getByTestId('response-status')).toHaveText('200');
  await expect(result(page).getByTestId('transformed-body')).toHaveText('Action=SendMessage&MessageBody={"message": "Hello World"}');
  await expect(result(page).getByTestId('log-method-request')).toContainText('Method request body before transformations');
  await expect(result(page).getByTestId('log-endpoint-response')).toContainText(/Status:\s*200/);
  await expect(result(page).getByTestId('delivery-check')).toHaveAttribute('data-state', 'found');
  await testInfo.attach('test-invoke', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

  await page.getByRole('button', { name: 'Copy as curl' }).click();
  const command = page.getByTestId('copied-command');
  await expect(command).toContainText(`curl --request POST 'http://127.0.0.1:`);
  await expect(command).toContainText(`/prod/send'`);
  await expect(command).toContainText(`--header 'Content-Type: application/json'`);
  await expect(command).toContainText(`--data-raw '{"message": "Hello World"}'`);

  await expect(panel(page).getByTestId('history-row')).toHaveCount(2);
  await panel(page).getByRole('checkbox', { name: /^Compare the / }).nth(0).check();
  await panel(page).getByRole('checkbox', { name: /^Compare the / }).nth(1).check();
  await expect(panel(page).getByTestId('history-compare')).toContainText('Different:');

  await panel(page).getByRole('button', { name: /^Re-run the Invoke URL run/ }).click();
  await expect(panel(page).getByTestId('history-row')).toHaveCount(3);
  await expect(result(page).getByTestId('result-summary')).toHaveText(/^Invoke URL answered 200/);
});

test('JSON protocol: seed 002 "This is a test message" answers {"MD5OfMessageBody":"fafb00f5…","MessageId":…} and arrives in the queue', async ({ page }, testInfo) => {
  const designId = await createDesign(page, 'AWS JSON protocol (as documented)');
  await deploy(page, designId);
  await openTestPanel(page, designId);
  await expect(panel(page).getByLabel('Headers', { exact: true })).toHaveValue('Content-Type: application/x-amz-json-1.0\nX-Amz-Target: AmazonSQS.SendMessage');
  await expect(panel(page).getByLabel('Body', { exact: true })).toHaveValue(/"MessageBody": "This is a test message"/);
  await expect(panel(page).getByLabel('Body', { exact: true })).toHaveValue(/"QueueUrl": "https:\/\/sqs\.us-east-1\.amazonaws\.com\/000000000000\/orders(-\d+)?"/);
  // Each design has its own queue (orders, orders-2, …).
  const queueUrl = String((JSON.parse(await panel(page).getByLabel('Body', { exact: true }).inputValue()) as { QueueUrl: unknown }).QueueUrl);

  // By keyboard only: from the body to the delivery-check box to the send button.
  await panel(page).getByLabel('Body', { exact: true }).focus();
  await page.keyboard.press('Tab');
  await expect(panel(page).getByLabel('Check delivery after a successful send')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(panel(page).getByRole('button', { name: 'Send to invoke URL' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(result(page).getByTestId('response-status')).toHaveText('200');
  const body = result(page).getByTestId('response-body');
  await expect(body).toContainText('"MD5OfMessageBody": "fafb00f5732ab283681e124bf8747ed1"');
  await expect(body).toContainText('"MessageId"');
  await expect(body).not.toContainText('SendMessageResponse');
  const delivery = result(page).getByTestId('delivery-check');
  await expect(delivery).toHaveAttribute('data-state', 'found');
  await expect(delivery.getByTestId('delivered-body')).toHaveText('This is a test message');
  await expect(delivery.getByTestId('md5-check')).toHaveAttribute('data-match', 'true');

  // The same method as an existing integration: its live configuration, the doctor on it, and the same panel.
  const apiId = /API ([a-z0-9]{10})/.exec((await page.getByText(/ on Built-in sandbox · API /).textContent()) ?? '')![1]!;
  await page.goto('/integrations');
  await page.getByRole('row', { name: new RegExp(apiId) }).locator(`a[href^="/integrations/${apiId}/"]`).click();
  await expect(page).toHaveURL(new RegExp(`/integrations/${apiId}/[a-z0-9]+/POST$`));
  await expect(page.getByRole('heading', { level: 1, name: /POST \/send$/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'requestParameters', exact: true })).toContainText('integration.request.header.X-Amz-Target');
  await expect(page.getByRole('heading', { level: 2, name: 'Doctor' })).toBeVisible();
  await expect(page.getByTestId('finding-json-queue-url')).toHaveCount(0);
  // The method names no queue (the JSON protocol puts it in the body), so the sample asks for one.
  const bodyField = panel(page).getByLabel('Body', { exact: true });
  await expect(bodyField).toHaveValue(/"QueueUrl": "https:\/\/sqs\.us-east-1\.amazonaws\.com\/000000000000\/QUEUE_NAME"/);
  await bodyField.fill(JSON.stringify({ QueueUrl: queueUrl, MessageBody: 'This is a test message' }));
  await panel(page).getByRole('button', { name: 'Test invoke' }).click();
  await expect(result(page).getByTestId('response-status')).toHaveText('200');
  await expect(result(page).getByTestId('transformed-body')).toContainText('"MessageBody":"This is a test message"');
  await expect(result(page).getByTestId('response-body')).toContainText('"MD5OfMessageBody": "fafb00f5732ab283681e124bf8747ed1"');
  await expect(result(page).getByTestId('delivery-check')).toHaveAttribute('data-state', 'found');
  await expect(panel(page).getByTestId('history-row')).toHaveCount(1);
  await testInfo.attach('integration-page', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
});

test('Content-Type mapping removed and redeployed: UnknownOperationException with the doctor’s explanation; fix and resend succeeds', async ({ page }, testInfo) => {
  const designId = await createDesign(page, 'AWS query protocol, URL-encoded (recommended)');
  await page.goto(`/designs/${designId}/headers`);
  await page.getByRole('button', { name: 'Remove mapping Content-Type' }).click();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await deploy(page, designId);
  await openTestPanel(page, designId);

  await panel(page).getByRole('button', { name: 'Send to invoke URL' }).click();
  await expect(result(page).getByTestId('response-status')).not.toHaveText('200');
  const explanation = result(page).getByTestId('error-explanation');
  await expect(explanation.getByTestId('error-code')).toHaveText('UnknownOperationException');
  await expect(explanation).toContainText('Content-Type is not application/x-www-form-urlencoded');
  const finding = explanation.getByTestId('explain-finding-query-content-type');
  await expect(finding).toBeVisible();
  await expect(finding.getByRole('link', { name: /^Open the .+ step$/ })).toHaveAttribute('href', `/designs/${designId}/headers`);
  await testInfo.attach('failure', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

  await finding.getByRole('button', { name: 'Fix and resend' }).click();
  await expect(result(page).getByTestId('fix-result')).toContainText('redeployed', { timeout: 30_000 });
  await expect(result(page).getByTestId('response-status')).toHaveText('200');
  await expect(result(page).getByTestId('response-body')).toContainText('"messageId"');
  await expect(result(page).getByTestId('delivery-check')).toHaveAttribute('data-state', 'found');
  await expect(result(page).getByTestId('md5-check')).toHaveAttribute('data-match', 'true');
  await testInfo.attach('fixed', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

  const rows = page.getByTestId('history-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('200');
  // The failed row names the error code and the design version it was sent with; the fix saved a newer version.
  await expect(rows.nth(1)).toContainText('400 UnknownOperationException');
  const versionOf = async (row: number) => Number(/version (\d+)/.exec((await rows.nth(row).textContent()) ?? '')?.[1]);
  const failedWith = await versionOf(1);
  expect(failedWith).toBeGreaterThan(0);
  expect(await versionOf(0)).toBeGreaterThan(failedWith);

  await page.getByRole('button', { name: 'Clear history…' }).click();
  await page.getByRole('dialog', { name: 'Clear the test history?' }).getByRole('button', { name: 'Clear history' }).click();
  await expect(page.getByText('No sends yet.')).toBeVisible();
});

test('batch mode sends 200 messages to a standard queue and counts 200 received, 0 missing', async ({ page }) => {
  test.setTimeout(120_000);
  const designId = await createDesign(page, 'AWS query protocol, URL-encoded (recommended)');
  await deploy(page, designId);
  await openTestPanel(page, designId);
  await expect(panel(page).getByLabel('Messages', { exact: true })).toHaveValue('200');
  await page.getByRole('button', { name: 'Send 200 messages' }).click();
  const progress = page.getByTestId('batch-progress');
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  await expect(progress.getByTestId('batch-sent')).toHaveText('200');
  await expect(progress.getByTestId('batch-received')).toHaveText('200');
  await expect(progress.getByTestId('batch-missing')).toHaveText('0');
  await expect(page.getByTestId('history-row').first()).toHaveAttribute('data-kind', 'batch');
  await expect(page.getByTestId('history-row').first()).toContainText('200/200 accepted, 200 received, 0 missing');
});
