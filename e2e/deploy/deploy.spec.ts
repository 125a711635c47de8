import { CreateQueueCommand, DeleteQueueCommand, GetQueueUrlCommand, ListQueuesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { APIGatewayClient, GetRestApisCommand, UpdateIntegrationCommand } from '@aws-sdk/client-api-gateway';
import { expect, type Page, test } from '@playwright/test';

const sandbox = `http://127.0.0.1:${process.env.SLUICE_E2E_SANDBOX_PORT ?? 4610}`;
const common = { endpoint: sandbox, region: 'us-east-1', credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' } };
const sqs = new SQSClient({ ...common, useQueueUrlAsEndpoint: false });
const iam = new IAMClient(common);
const apigateway = new APIGatewayClient(common);

async function inventory() {
  const [q, r, a] = await Promise.all([sqs.send(new ListQueuesCommand({})), iam.send(new ListRolesCommand({})), apigateway.send(new GetRestApisCommand({}))]);
  return {
    queues: (q.QueueUrls ?? []).sort(),
    roles: (r.Roles ?? []).map((x) => x.RoleName).sort(),
    apis: (a.items ?? []).map((x) => x.id).sort(),
  };
}

async function faults(page: Page, method: 'POST' | 'DELETE' | 'GET', body?: object, query = '') {
  const res = await page.request.fetch(`${sandbox}/_sluice/faults${query}`, { method, ...(body ? { data: body } : {}) });
  expect(res.ok()).toBe(true);
  return method === 'GET' ? ((await res.json()) as { calls: Record<string, number> }) : undefined;
}

async function createDesign(page: Page, presetTitle: string): Promise<string> {
  await page.goto('/designs');
  await page.getByRole('button', { name: `Create design: ${presetTitle}` }).click();
  await expect(page).toHaveURL(/\/designs\/[a-z2-9]{10}\/queue$/);
  return /\/designs\/([a-z2-9]{10})\//.exec(page.url())![1]!;
}

async function openDeploy(page: Page, designId: string) {
  await page.goto(`/designs/${designId}/deploy`);
  await expect(page.getByRole('heading', { name: /^Plan on Built-in sandbox/ })).toBeVisible({ timeout: 20_000 });
}

async function apply(page: Page, outcome: 'Applied' | 'Apply failed') {
  await page.getByRole('button', { name: /^Apply/ }).click();
  const confirm = page.getByRole('dialog', { name: 'Apply anyway?' });
  // A design the doctor finds errors in is applied only after a confirmation.
  await expect(page.getByRole('heading', { name: /^(Applying…|Applied|Apply failed)$/ }).or(confirm)).toBeVisible({ timeout: 30_000 });
  if (await confirm.isVisible()) await confirm.getByRole('button', { name: 'Apply anyway' }).click();
  await expect(page.getByRole('heading', { name: outcome })).toBeVisible({ timeout: 30_000 });
}

async function tearDown(page: Page) {
  await page.getByRole('button', { name: 'Tear down…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete these resources?' });
  await expect(dialog.getByText(/^REST API/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText(/✓ deleted — REST API/)).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

/** The design the first test deploys; the dashboard test edits and redeploys it. */
let deployedDesignId = '';

test('a new user finishes the query preset, reviews the plan, applies it, and a POST to the invoke URL reaches the queue; re-apply makes no write call', async ({ page }, testInfo) => {
  const designId = await createDesign(page, 'AWS query protocol (as documented)');
  deployedDesignId = designId;
  await page.goto(`/designs/${designId}/review`);
  await page.getByRole('button', { name: 'Review the deploy plan' }).click();
  await expect(page).toHaveURL(new RegExp(`/designs/${designId}/deploy$`));
  await expect(page.getByRole('heading', { name: /^Plan on Built-in sandbox/ })).toBeVisible({ timeout: 20_000 });
  const calls = page.getByRole('list', { name: 'SDK calls' }).getByRole('listitem');
  expect(await calls.count()).toBeGreaterThanOrEqual(10);
  await expect(calls.first()).toContainText('sqs:CreateQueue');
  await expect(calls.last()).toContainText('apigateway:CreateDeployment');
  await testInfo.attach('plan', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

  await apply(page, 'Applied');
  const progress = page.getByRole('list', { name: 'Progress' }).getByRole('listitem');
  expect(await progress.count()).toBe(await calls.count());
  await expect(progress.filter({ hasText: 'failed' })).toHaveCount(0);
  const invokeUrl = (await page.getByTestId('invoke-url').textContent())!;
  expect(invokeUrl).toMatch(new RegExp(`^${sandbox}/_aws/execute-api/[a-z0-9]{10}/prod/send$`));
  await testInfo.attach('applied', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

  const res = await page.request.post(invokeUrl, { headers: { 'Content-Type': 'application/json' }, data: '{"message": "Hello World"}' });
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ SendMessageResponse: { SendMessageResult: { MessageId: expect.any(String) } } });
  const queueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }))).QueueUrl;
  const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1, VisibilityTimeout: 0 }));
  expect(got.Messages?.[0]?.Body).toBe('{"message": "Hello World"}');

  await page.getByRole('button', { name: 'Plan again' }).click();
  await expect(page.getByText('Nothing to do: everything already matches the design.')).toBeVisible({ timeout: 20_000 });
  await faults(page, 'DELETE', undefined, '?calls');
  await apply(page, 'Applied');
  const counted = (await faults(page, 'GET'))!.calls;
  const writes = Object.entries(counted).filter(([op]) => !/^(Get|List)/.test(op));
  expect(writes).toEqual([]);
  expect(Object.keys(counted).length).toBeGreaterThan(0);
});

test('the integrations dashboard lists the deployment and shows drift after an integration edit until redeploy', async ({ page }) => {
  await page.goto('/integrations');
  const row = page.getByRole('row', { name: /orders(-\d+)?-api/ });
  await expect(row).toContainText('POST /send');
  await expect(row).toContainText('orders');
  await expect(row).toContainText('deployed = current');
  const api = (await apigateway.send(new GetRestApisCommand({}))).items!.find((a) => /^orders(-\d+)?-api$/.test(a.name ?? ''))!;
  const link = row.getByRole('link', { name: /^orders(-\d+)?-api$/ });
  const [, , , resourceId] = (await link.getAttribute('href'))!.split('/');
  await apigateway.send(
    new UpdateIntegrationCommand({
      restApiId: api.id!,
      resourceId: resourceId!,
      httpMethod: 'POST',
      patchOperations: [{ op: 'replace', path: '/requestTemplates/application~1json', value: 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' }],
    }),
  );
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(row).toContainText('drift: requestTemplates changed');

  // Redeploying the design from Sluice restores its template and deploys it.
  const designId = deployedDesignId;
  await openDeploy(page, designId);
  await expect(page.getByRole('list', { name: 'SDK calls' })).toContainText('integration.requestTemplates');
  await apply(page, 'Applied');
  await page.goto('/integrations');
  await expect(page.getByRole('row', { name: /orders(-\d+)?-api/ })).toContainText('deployed = current');
  await openDeploy(page, designId);
  await tearDown(page);
});

const steps: [string, RegExp][] = [
  ['CreateQueue', /Create standard queue orders/],
  ['CreateRole', /Create execution role apigateway-sqs-orders/],
  ['PutRolePolicy', /Allow the role to send to orders/],
  ['CreateRestApi', /Create REST API orders(-\d+)?-api/],
  ['CreateResource', /Create resource \/send/],
  ['PutMethod', /Create method POST \/send/],
  ['PutIntegration', /Integrate POST \/send with SQS/],
  ['PutMethodResponse', /Declare method response/],
  ['PutIntegrationResponse', /Map SQS/],
  ['CreateDeployment', /Deploy to stage prod/],
];

test('when any step fails, the UI names it and the error, nothing the apply created is left, and re-apply succeeds', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  for (const [operation, description] of steps) {
    await test.step(`fault at ${operation}`, async () => {
      const before = await inventory();
      const designId = await createDesign(page, 'AWS query protocol, URL-encoded (recommended)');
      await openDeploy(page, designId);
      await faults(page, 'POST', { operation, count: 1 });
      await apply(page, 'Apply failed');
      const alert = page.getByRole('alert').filter({ hasText: 'Step failed' });
      await expect(alert).toContainText(description);
      await expect(alert).toContainText(`SluiceInjectedFault: Injected fault (sandbox fault hook) for ${operation}`);
      if (operation !== 'CreateQueue') await expect(alert).toContainText('Rolled back:');
      if (operation === 'PutIntegration') await testInfo.attach('rolled back', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
      expect(await inventory()).toEqual(before);

      await page.getByRole('button', { name: 'Re-read live state' }).click();
      await apply(page, 'Applied');
      await tearDown(page);
      expect(await inventory()).toEqual(before);
    });
  }
});

test('an existing queue picked in the wizard survives a failed apply', async ({ page }) => {
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'keep-me' }))).QueueUrl!;
  const designId = await createDesign(page, 'AWS query protocol, URL-encoded (recommended)');
  await page.getByRole('radio', { name: /Use an existing queue/ }).check();
  await page.getByLabel('Queue name').fill('keep-me');
  await expect(page.getByTestId('save-status')).toHaveText('All changes saved', { timeout: 10_000 });
  await openDeploy(page, designId);
  await expect(page.getByRole('list', { name: 'SDK calls' })).not.toContainText('sqs:CreateQueue');
  await faults(page, 'POST', { operation: 'PutIntegration', count: 1 });
  await apply(page, 'Apply failed');
  expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls).toContain(url);
  await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
});
