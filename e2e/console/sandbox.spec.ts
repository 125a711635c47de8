import { CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { expect, test } from '@playwright/test';

const endpoint = `http://127.0.0.1:${process.env.SLUICE_E2E_SANDBOX_PORT ?? 4610}`;
const common = { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' } };
const sqs = new SQSClient({ ...common, useQueueUrlAsEndpoint: false });
const iam = new IAMClient(common);

test('the sandbox page shows queues with counts, peeks without consuming, purges after confirmation, and lists roles', async ({ page }) => {
  const name = `peek-${Date.now() % 100000}`;
  const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
  for (const body of ['first message', 'second & "quoted" message']) await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
  const roleName = `sandbox-page-role-${Date.now() % 100000}`;
  await iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'send', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:us-east-1:000000000000:${name}` }] }) }));

  await page.goto('/sandbox');
  await expect(page.getByRole('heading', { level: 1, name: 'Sandbox' })).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row.getByRole('cell').nth(1)).toHaveText('2');

  await row.getByRole('button', { name: `Peek at messages in ${name}` }).click();
  const peek = page.getByRole('region', { name: 'Messages' });
  await expect(peek.getByText('second & "quoted" message')).toBeVisible();
  await expect(peek.getByText('first message')).toBeVisible();
  // Peeking received with visibility timeout 0: both messages are still there.
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  expect(attrs.Attributes?.ApproximateNumberOfMessages).toBe('2');

  await row.getByRole('button', { name: `Purge ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Purge queue?' });
  await expect(dialog).toContainText(name);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(row.getByRole('cell').nth(1)).toHaveText('2');
  await row.getByRole('button', { name: `Purge ${name}` }).click();
  await dialog.getByRole('button', { name: 'Purge' }).click();
  await expect(row.getByRole('cell').nth(1)).toHaveText('0');

  await page.getByRole('tab', { name: 'Roles' }).click();
  const role = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: roleName }) });
  await expect(role).toContainText(`arn:aws:iam::000000000000:role/${roleName}`);
  await expect(role).toContainText('"sqs:SendMessage"');
  await page.getByRole('tab', { name: 'REST APIs' }).click();
  await expect(page.getByRole('tabpanel')).toBeVisible();

  await iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: 'send' }));
  await iam.send(new DeleteRoleCommand({ RoleName: roleName }));
  await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
});
