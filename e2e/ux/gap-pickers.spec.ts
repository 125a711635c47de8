import { APIGatewayClient, CreateRestApiCommand } from '@aws-sdk/client-api-gateway';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { expect, type Page, test } from '@playwright/test';
import { createDesign, openDeploy, sandboxUrl, waitUntilSaved } from './helpers';

const config = { endpoint: sandboxUrl, region: 'us-east-1', credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' } };
const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

async function pick(page: Page, picker: string, search: string, option: string | RegExp) {
  const box = page.getByRole('combobox', { name: picker });
  await box.fill(search);
  const listbox = page.getByRole('listbox', { name: picker });
  await expect(listbox.getByRole('option', { name: option })).toBeVisible({ timeout: 15_000 });
  return listbox;
}

test('an existing queue, role and REST API are picked from the sandbox by search; a role API Gateway cannot assume is flagged and refused by the plan', async ({ page }) => {
  const tag = `${Date.now() % 1_000_000}`;
  const queueName = `picked-orders-${tag}`;
  const goodRole = `picked-gateway-${tag}`;
  const badRole = `picked-lambda-${tag}`;
  const sqs = new SQSClient(config);
  const iam = new IAMClient(config);
  const apigateway = new APIGatewayClient(config);
  await sqs.send(new CreateQueueCommand({ QueueName: queueName }));
  await iam.send(new CreateRoleCommand({ RoleName: goodRole, AssumeRolePolicyDocument: trust('apigateway.amazonaws.com') }));
  await iam.send(new PutRolePolicyCommand({ RoleName: goodRole, PolicyName: 'send', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] }) }));
  await iam.send(new CreateRoleCommand({ RoleName: badRole, AssumeRolePolicyDocument: trust('lambda.amazonaws.com') }));
  const api = await apigateway.send(new CreateRestApiCommand({ name: `picked-api-${tag}` }));

  const designId = await createDesign(page);
  await page.getByRole('radio', { name: /Use an existing queue/ }).check();
  // SQS searches by name prefix: the start of the name is enough; Enter picks the highlighted option.
  await pick(page, 'Find an existing queue', queueName.slice(0, -1), new RegExp(queueName));
  await page.getByRole('combobox', { name: 'Find an existing queue' }).press('ArrowDown');
  await page.getByRole('combobox', { name: 'Find an existing queue' }).press('Enter');
  await expect(page.getByLabel('Queue name')).toHaveValue(queueName);
  await expect(page.getByRole('complementary', { name: 'Live preview' }).getByTestId('preview-request-line')).toHaveText(`POST https://sqs.us-east-1.amazonaws.com/000000000000/${queueName}`);
  await waitUntilSaved(page);

  await page.goto(`/designs/${designId}/role`);
  await page.getByRole('radio', { name: /Use an existing role/ }).check();
  const roles = await pick(page, 'Find an existing role', `picked-`, new RegExp(badRole));
  await expect(roles.getByRole('option', { name: new RegExp(badRole) })).toContainText('does not let API Gateway (apigateway.amazonaws.com) assume it');
  await expect(roles.getByRole('option', { name: new RegExp(goodRole) })).not.toContainText('Warning');
  await roles.getByRole('option', { name: new RegExp(goodRole) }).click();
  await expect(page.getByLabel('Execution role ARN')).toHaveValue(`arn:aws:iam::000000000000:role/${goodRole}`);
  await waitUntilSaved(page);

  await page.goto(`/designs/${designId}/review`);
  await page.getByLabel('Use an existing REST API').check();
  const apis = await pick(page, 'Find an existing REST API', `picked-api-${tag}`, `picked-api-${tag} (${api.id})`);
  await apis.getByRole('option', { name: `picked-api-${tag} (${api.id})` }).click();
  await expect(page.getByLabel('REST API ID')).toHaveValue(api.id!);
  await waitUntilSaved(page);

  await openDeploy(page, designId);
  await expect(page.getByRole('alert').filter({ hasText: 'cannot be assumed' })).toHaveCount(0);
  const calls = page.getByRole('list', { name: 'SDK calls' });
  await expect(calls).toContainText('apigateway:PutIntegration');
  await expect(calls).not.toContainText('sqs:CreateQueue');
  await expect(calls).not.toContainText('iam:CreateRole');
  await expect(calls).not.toContainText('apigateway:CreateRestApi');
  await expect(page.getByRole('button', { name: /^Apply/ })).toBeEnabled();

  // The role without API Gateway in its trust policy: the plan refuses, saying why.
  await page.goto(`/designs/${designId}/role`);
  await page.getByLabel('Execution role ARN').fill(`arn:aws:iam::000000000000:role/${badRole}`);
  await waitUntilSaved(page);
  await openDeploy(page, designId);
  await expect(page.getByRole('alert').filter({ hasText: `Role arn:aws:iam::000000000000:role/${badRole} cannot be assumed by API Gateway` })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Apply/ })).toBeDisabled();
});
