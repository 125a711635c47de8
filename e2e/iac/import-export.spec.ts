import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { expect, test } from '@playwright/test';
import { SERVERLESS_SQS_DIRECT_EXAMPLE } from '../../lib/iac/fixtures/serverless-sqs-direct';

const sandbox = `http://127.0.0.1:${process.env.SLUICE_E2E_SANDBOX_PORT ?? 4610}`;
const sqs = new SQSClient({ endpoint: sandbox, region: 'us-east-1', credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' }, useQueueUrlAsEndpoint: false });
const example = SERVERLESS_SQS_DIRECT_EXAMPLE;
const lineOf = (needle: string) => example.split('\n').findIndex((l) => l.includes(needle)) + 1;

test('paste the serverless.yml example, see the findings at its lines, create the design, fix it with the doctor, deploy, send, export as serverless.yml', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await page.goto('/designs');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import' })).toBeVisible();
  await page.getByLabel('Configuration file').fill(example);

  await expect(page.getByRole('status').filter({ hasText: 'serverless.yml: 1 method sending to Amazon SQS.' })).toBeVisible();
  const method = page.getByRole('article', { name: 'POST /send' });
  const findings = method.getByRole('list', { name: 'Findings' });
  // Each of the example's wrong mappings, and the missing Content-Type and template, with the line it is on.
  for (const [needle, title] of [
    ["X-Amz-Target: \"'SendMessage'\"", /X-Amz-Target "SendMessage" is not of the form AmazonSQS/],
    ['X-Amz-Content-Type-X:', /SQS does not read a header named X-Amz-Content-Type-X/],
    ['integration.request.path.QueueUrl:', /\{QueueUrl\} does not appear in the integration path/],
    ['integration.request.body.MessageBody:', /rejects the mapping target integration.request.body.MessageBody/],
    ['RequestParameters:', /Content-Type is not application\/x-www-form-urlencoded/],
    ['Integration:', /has no Action=SendMessage|asks for Action=/],
  ] as const) {
    await expect(findings.getByRole('listitem').filter({ hasText: title }).getByRole('link', { name: `Line ${lineOf(needle)}` })).toBeVisible();
  }
  // Side by side: the numbered source marks those lines.
  const source = page.getByRole('region', { name: 'Source with line numbers' });
  await expect(source.locator(`tr[data-line="${lineOf('integration.request.body.MessageBody:')}"]`)).toContainText('request-parameter-key');
  await expect(page.getByRole('list', { name: 'Not imported' })).toContainText('Lambda function dummy');
  await testInfo.attach('import', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

  await method.getByRole('button', { name: 'Create design for POST /send' }).click();
  await page.getByRole('link', { name: /^Open SQSDirectIntegrationAPI POST \/send/ }).click();
  await expect(page).toHaveURL(/\/designs\/[a-z2-9]{10}\/[a-z]+$/);
  const designId = /\/designs\/([a-z2-9]{10})\//.exec(page.url())![1]!;

  // The doctor's one-click fixes (errors first, then warnings) until none is offered.
  const fixes = page.getByRole('button', { name: /^Fix: / });
  await expect(page.getByRole('heading', { name: /^Doctor findings \([1-9]\d*\)$/ })).toBeVisible();
  await expect(fixes.first()).toBeVisible();
  for (let i = 0; i < 15 && (await fixes.count()) > 0; i++) {
    await fixes.first().click();
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved', { timeout: 10_000 });
  }
  await expect(page.getByText(/^error: /i)).toHaveCount(0);

  await page.goto(`/designs/${designId}/deploy`);
  await expect(page.getByRole('heading', { name: /^Plan on Built-in sandbox/ })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: /^Apply/ }).click();
  await expect(page.getByRole('heading', { name: 'Applied' })).toBeVisible({ timeout: 30_000 });
  const invokeUrl = (await page.getByTestId('invoke-url').textContent())!;
  const body = '{"orderId": "12345", "item": "widget & gadget", "quantity": 10}';
  const res = await page.request.post(invokeUrl, { headers: { 'Content-Type': 'application/json' }, data: body });
  expect(res.status()).toBe(200);
  const queueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: 'my-direct-integration-queue' }))).QueueUrl;
  const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
  expect(got.Messages?.[0]?.Body).toBe(body);

  await page.getByRole('link', { name: 'Export' }).click();
  await expect(page).toHaveURL(new RegExp(`/designs/${designId}/export$`));
  await page.getByLabel('Format', { exact: true }).selectOption({ label: 'serverless.yml' });
  const view = page.getByRole('region', { name: 'serverless.yml export' });
  await expect(view).toContainText('service: sqsdirectintegrationapi');
  await expect(view).toContainText('QueueName: my-direct-integration-queue');
  await expect(view).toContainText("integration.request.header.Content-Type: \"'application/x-www-form-urlencoded'\"");
  await expect(view).not.toContainText('X-Amz-Content-Type-X');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download serverless.yml' }).click()]);
  expect(download.suggestedFilename()).toBe('serverless.yml');
  await testInfo.attach('export', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
});
