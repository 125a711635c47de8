import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { expect, test } from '@playwright/test';
import { applyPlan, createDesign, openDeploy, openTestPanel, sandboxUrl, testPanel, testResult, waitUntilSaved } from './helpers';

const sqs = new SQSClient({ endpoint: sandboxUrl, region: 'us-east-1', credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' }, useQueueUrlAsEndpoint: false });

test('message options: a message attribute from a header and a delivery delay generate the template; the attribute arrives in SQS', async ({ page }) => {
  const designId = await createDesign(page);
  const queueName = await page.getByLabel('Queue name').inputValue();
  await page.goto(`/designs/${designId}/template`);
  const options = page.getByRole('region', { name: 'Message options' });
  await options.getByRole('button', { name: 'Add message attribute' }).click();
  const generate = options.getByRole('button', { name: 'Generate template' });
  await expect(generate).toBeDisabled();
  await expect(options.getByText('Attribute 1 needs a name, e.g. orderType.')).toBeVisible();
  await options.getByLabel('Attribute 1: name').fill('AWS.trace');
  await expect(options.getByText(/names starting with AWS\. or Amazon\. are reserved/)).toBeVisible();
  await options.getByLabel('Attribute 1: name').fill('orderType');
  await options.getByLabel('Attribute 1: header name').fill('X-Order-Type');
  await options.getByLabel('Delivery delay (DelaySeconds)').fill('901');
  await expect(options.getByText('DelaySeconds must be a whole number from 0 to 900 (15 minutes).')).toBeVisible();
  await options.getByLabel('Delivery delay (DelaySeconds)').fill('');
  await generate.click();
  await expect(options.getByText('Template generated; the method now requires the header X-Order-Type.')).toBeVisible();
  // The live preview shows what API Gateway will send to SQS.
  await expect(page.getByText(/MessageAttribute\.1\.Name=orderType&MessageAttribute\.1\.Value\.DataType=String/).first()).toBeVisible();
  await waitUntilSaved(page);

  await openDeploy(page, designId);
  await applyPlan(page);
  await openTestPanel(page, designId);
  await testPanel(page).getByLabel('Headers', { exact: true }).fill('Content-Type: application/json\nX-Order-Type: express & gift');
  await testPanel(page).getByRole('button', { name: 'Send to invoke URL' }).click();
  await expect(testResult(page).getByTestId('response-status')).toHaveText('200');

  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  let attribute: string | undefined;
  for (let i = 0; i < 5 && attribute === undefined; i++) {
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }));
    attribute = got.Messages?.find((m) => m.MessageAttributes?.orderType)?.MessageAttributes?.orderType?.StringValue;
  }
  expect(attribute).toBe('express & gift');
});

test('message options on a FIFO queue: the deduplication choice says what a client retry does', async ({ page }) => {
  const designId = await createDesign(page, 'FIFO queue');
  await page.goto(`/designs/${designId}/template`);
  const options = page.getByRole('region', { name: 'Message options' });
  await expect(options.getByLabel('Delivery delay (DelaySeconds)')).toHaveCount(0);
  await options.getByLabel('Deduplication id', { exact: true }).selectOption({ label: 'Request context ($context)' });
  await expect(options.getByTestId('retry-consequence')).toContainText('a client that retries after a timeout gets a second copy of the message');
  await options.getByLabel('Deduplication id', { exact: true }).selectOption({ label: 'Request header' });
  await options.getByLabel('Deduplication id: header name').fill('Idempotency-Key');
  await expect(options.getByTestId('retry-consequence')).toContainText('accepted and not delivered twice');
  await options.getByRole('button', { name: 'Generate template' }).click();
  // The template there now is not one these options generated, so Sluice asks before replacing it.
  const confirm = options.getByRole('alertdialog');
  await expect(confirm).toContainText('generating replaces them');
  await confirm.getByRole('button', { name: 'Replace the template' }).click();
  await expect(page.getByText(/MessageDeduplicationId=\$util\.urlEncode\("\$!input\.params\(\)\.header\.get\('Idempotency-Key'\)"\)/).first()).toBeVisible();
});
