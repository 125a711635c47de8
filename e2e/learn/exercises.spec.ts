import { expect, type Page, test } from '@playwright/test';
import { exerciseResourceNames, learnerSlug } from '../../lib/learn/names';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { check, deploy, fixAndResend, register, replaceEditorText, send, startExercise } from './fixtures';

const run = promisify(execFile);
/** Debian's AWS CLI against the e2e sandbox, as a learner runs it. */
const aws = (args: string[]) =>
  run('/usr/bin/aws', [...args, '--endpoint-url', `http://127.0.0.1:${process.env.SLUICE_E2E_SANDBOX_PORT ?? 4610}`, '--region', 'us-east-1'], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'learner', AWS_SECRET_ACCESS_KEY: 'learner', AWS_PAGER: '' },
  });

/**
 * One learner works through every exercise as a newcomer would: set up the scenario, break it in the wizard or on
 * the Test tab, see the real error from the invoke URL, pass the check, fix it (often with the doctor's "Fix and
 * resend"), pass the check again. The checks run against the sandbox; nothing here tells them what happened.
 */
test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);

const errorCode = (page: Page) => page.getByRole('region', { name: 'Test panel' }).getByTestId('error-code');
const json = (o: Record<string, unknown>) => JSON.stringify(o);
const queueUrl = (queueName: string) => `https://sqs.us-east-1.amazonaws.com/000000000000/${queueName}`;

/** Each test is its own learner, so its resources are `learn-{slug}-…` with a slug known here. */
let slug = '';
test.beforeEach(async ({ page }) => {
  const name = `${test.info().title.split(':')[0]!.replace(/[^A-Za-z]/g, '').slice(0, 10)} learner`;
  slug = learnerSlug(name);
  await register(page, name);
});

/** What the learner's resources are called (lib/learn/names.ts). */
const names = (exerciseId: string, fifo = false) => exerciseResourceNames(slug, exerciseId, fifo);

test('build-query: build the query protocol integration and get a message into the queue', async ({ page }) => {
  const id = await startExercise(page, 'build-query');
  await check(page, 'build-query', 'failed');
  await expect(page.getByTestId('check-result')).toContainText('not deployed');
  await page.goto(`/designs/${id}/queue`);
  await expect(page.getByLabel('Queue name')).toHaveValue(names('build-query').queueName);
  for (const step of ['Execution role', 'Protocol', 'Integration', 'Headers', 'Mapping template']) {
    await page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('link', { name: new RegExp(step) }).click();
    await expect(page.getByRole('complementary', { name: 'Live preview' })).toBeVisible();
  }
  await deploy(page, id);
  expect(await send(page, id)).toBe('200');
  await check(page, 'build-query', 'passed');
  await expect(page.getByTestId('exercise-complete')).toBeVisible();
});

test('build-json: build the JSON protocol integration', async ({ page }) => {
  const id = await startExercise(page, 'build-json');
  await deploy(page, id);
  expect(await send(page, id)).toBe('200');
  await check(page, 'build-json', 'passed');
  await expect(page.getByTestId('exercise-complete')).toBeVisible();
});

test('query-content-type: a hint after one failed check, the solution after two; break, see UnknownOperationException, fix', async ({ page }) => {
  const id = await startExercise(page, 'query-content-type');
  await check(page, 'query-content-type', 'failed');
  await expect(page.getByTestId('hint')).toBeVisible();
  await expect(page.getByTestId('solution')).toHaveCount(0);
  await check(page, 'query-content-type', 'failed');
  await expect(page.getByTestId('solution')).toBeVisible();

  await page.goto(`/designs/${id}/headers`);
  await page.getByRole('button', { name: 'Remove mapping Content-Type' }).click();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await deploy(page, id);
  expect(await send(page, id)).not.toBe('200');
  await expect(errorCode(page)).toHaveText('UnknownOperationException');
  await check(page, 'query-content-type', 'passed');
  await expect(page.getByTestId('stage-fix')).toHaveAttribute('data-state', 'current');

  await send(page, id);
  await fixAndResend(page, 'query-content-type');
  await check(page, 'query-content-type', 'passed');
  await expect(page.getByTestId('exercise-complete')).toBeVisible();
});

test('query-no-action: a template without Action=SendMessage', async ({ page }) => {
  const id = await startExercise(page, 'query-no-action');
  await page.goto(`/designs/${id}/template`);
  await replaceEditorText(page, 'template-editor', 'MessageBody=$util.urlEncode($input.body)');
  await deploy(page, id);
  expect(await send(page, id)).not.toBe('200');
  await expect(errorCode(page)).toHaveText(/UnknownOperationException|InvalidAction|MissingAction/);
  await check(page, 'query-no-action', 'passed');
  await page.goto(`/designs/${id}/template`);
  await replaceEditorText(page, 'template-editor', 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)');
  await deploy(page, id);
  expect(await send(page, id)).toBe('200');
  await check(page, 'query-no-action', 'passed');
  await expect(page.getByTestId('exercise-complete')).toBeVisible();
});

test('json-target: the JSON protocol without X-Amz-Target', async ({ page }) => {
  const id = await startExercise(page, 'json-target');
  await page.goto(`/designs/${id}/headers`);
  await page.getByRole('button', { name: 'Remove mapping X-Amz-Target' }).click();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await deploy(page, id);
  expect(await send(page, id)).not.toBe('200');
  await expect(errorCode(page)).toHaveText('UnknownOperationException');
  await check(page, 'json-target', 'passed');
  await send(page, id);
  await fixAndResend(page, 'json-protocol-headers');
  await check(page, 'json-target', 'passed');
  await expect(page.getByTestId('exercise-complete')).toBeVisible();
});

const sendOnly = (queue: string) => ({ Sid: 'SendToQueue', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [`arn:aws:sqs:us-east-1:000000000000:${queue}`] });

test('access-denied: a role without sqs:SendMessage', async ({ page }) => {
  const id = await startExercise(page, 'access-denied');
  await page.goto(`/designs/${id}/role`);
  await replaceEditorText(page, 'role-policy-editor', json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:GetQueueAttributes', Resource: '*' }] }));
  await deploy(page, id);
  expect(await send(page, id)).not.toBe('200');
  await expect(errorCode(page)).toHaveText(/AccessDenied/);
  await check(page, 'access-denied', 'passed');
  await send(page, id);
  await fixAndResend(page, 'access-denied-policy');
  await check(page, 'access-denied', 'passed');
  await expect(page.getByTestId('exercise-complete')).toBeVisible();
});

test('kms-access-denied: a role that may not use the queue key', async ({ page }) => {
  const id = await startExercise(page, 'kms-access-denied');
  await page.goto(`/designs/${id}/role`);
  await expect(page.getByTestId('role-policy-editor').locator('.view-lines')).toContainText('UseQueueKey');
  await replaceEditorText(page, 'role-policy-editor', json({ Version: '2012-10-17', Statement: [sendOnly(names('kms-access-denied').queueName)] }));
  await deploy(page, id);
  expect(await send(page, id)).not.toBe('200');
  await expect(errorCode(page)).toHaveText(/KMS\.AccessDeniedException|KmsAccessDenied/);
  await check(page, 'kms-access-denied', 'passed');
  await send(page, id);
  await fixAndResend(page, 'kms-access-denied');
  await check(page, 'kms-access-denied', 'passed');
  await expect(page.getByTestId('exercise-complete')).toBeVisible();
});

test('malformed-query-string: a bare % in an unencoded body', async ({ page }) => {
  const id = await startExercise(page, 'malformed-query-string');
  expect(await send(page, id, '{"discount": "100%"}')).not.toBe('200');
  await expect(errorCode(page)).toHaveText('MalformedQueryString');
  await check(page, 'malformed-query-string', 'passed');
  await send(page, id, '{"discount": "100%"}');
  await fixAndResend(page, 'query-body-not-urlencoded');
  await expect(page.getByTestId('test-result').getByTestId('delivered-body')).toHaveText('{"discount": "100%"}');
  await check(page, 'malformed-query-string', 'passed');
  await expect(page.getByTestId('exercise-complete')).toBeVisible();
});

test('signature-get: the integration HTTP method GET', async ({ page }) => {
  const id = await startExercise(page, 'signature-get');
  await page.goto(`/designs/${id}/integration`);
  await page.getByLabel('HTTP method', { exact: true }).selectOption('GET');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await deploy(page, id);
  expect(await send(page, id)).not.toBe('200');
  await expect(errorCode(page)).toHaveText('SignatureDoesNotMatch');
  await check(page, 'signature-get', 'passed');
  await send(page, id);
  await fixAndResend(page, 'integration-http-method-get');
  await check(page, 'signature-get', 'passed');
  await expect(page.getByTestId('exercise-complete')).toBeVisible();
});

test('invalid-address: a QueueUrl of another Region', async ({ page }) => {
  const id = await startExercise(page, 'invalid-address');
  const queue = names('invalid-address').queueName;
  expect(await send(page, id, json({ QueueUrl: `https://sqs.eu-west-1.amazonaws.com/000000000000/${queue}`, MessageBody: 'hello' }))).not.toBe('200');
  await expect(errorCode(page)).toHaveText('InvalidAddress');
  await check(page, 'invalid-address', 'passed');
  expect(await send(page, id, json({ QueueUrl: queueUrl(queue), MessageBody: 'hello' }))).toBe('200');
  await check(page, 'invalid-address', 'passed');
  await expect(page.getByTestId('exercise-complete')).toBeVisible();
});

test('serialization: a body that is not JSON', async ({ page }) => {
  const id = await startExercise(page, 'serialization');
  const queue = names('serialization').queueName;
  expect(await send(page, id, `{"QueueUrl": "${queueUrl(queue)}" "MessageBody": "hi"}`)).not.toBe('200');
  await expect(errorCode(page)).toHaveText('SerializationException');
  await check(page, 'serialization', 'passed');
  expect(await send(page, id, json({ QueueUrl: queueUrl(queue), MessageBody: 'hi' }))).toBe('200');
  await check(page, 'serialization', 'passed');
  await expect(page.getByTestId('exercise-complete')).toBeVisible();
});

test('missing-message-body: SendMessage without MessageBody', async ({ page }) => {
  const id = await startExercise(page, 'missing-message-body');
  const queue = names('missing-message-body').queueName;
  expect(await send(page, id, json({ QueueUrl: queueUrl(queue) }))).not.toBe('200');
  await expect(errorCode(page)).toHaveText(/MissingRequiredParameterException|MissingParameter/);
  await check(page, 'missing-message-body', 'passed');
  expect(await send(page, id, json({ QueueUrl: queueUrl(queue), MessageBody: 'hi' }))).toBe('200');
  await check(page, 'missing-message-body', 'passed');
  await expect(page.getByTestId('exercise-complete')).toBeVisible();
});

test('fifo-group-id: a FIFO message without MessageGroupId', async ({ page }) => {
  const id = await startExercise(page, 'fifo-group-id');
  await page.goto(`/designs/${id}/template`);
  await replaceEditorText(page, 'template-editor', 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)&MessageDeduplicationId=$context.requestId');
  await deploy(page, id);
  expect(await send(page, id)).not.toBe('200');
  await expect(errorCode(page)).toHaveText(/MissingParameter|MissingRequiredParameterException/);
  await check(page, 'fifo-group-id', 'passed');
  await send(page, id);
  await fixAndResend(page, 'fifo-message-group-id');
  await check(page, 'fifo-group-id', 'passed');
  await expect(page.getByTestId('exercise-complete')).toBeVisible();
});

test('serverless-yml: the imported example, its four wrong mappings fixed with the doctor', async ({ page }) => {
  const id = await startExercise(page, 'serverless-yml');
  await check(page, 'serverless-yml', 'failed');
  await page.goto(`/designs/${id}/headers`);
  for (const mapping of ['X-Amz-Target', 'X-Amz-Content-Type-X']) await expect(page.getByText(mapping).first()).toBeVisible();
  const fixes = page.getByRole('button', { name: /^Fix: / });
  await expect(fixes.first()).toBeVisible();
  for (let i = 0; i < 15 && (await fixes.count()) > 0; i++) {
    await fixes.first().click();
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved', { timeout: 10_000 });
  }
  await deploy(page, id);
  expect(await send(page, id)).toBe('200');
  await check(page, 'serverless-yml', 'passed');
  await expect(page.getByTestId('exercise-complete')).toBeVisible();
});

test('clean-response: a response template instead of SQS\'s raw body', async ({ page }) => {
  const id = await startExercise(page, 'clean-response');
  await send(page, id);
  await check(page, 'clean-response', 'failed');
  await expect(page.getByTestId('check-result')).toContainText('SendMessageResponse');
  await page.goto(`/designs/${id}/responses`);
  await page.getByLabel('Mapping template (application/json)').first().fill("#set($r = $input.path('$.SendMessageResponse.SendMessageResult'))\n{\"messageId\": \"$r.MessageId\", \"md5OfMessageBody\": \"$r.MD5OfMessageBody\"}");
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await deploy(page, id);
  expect(await send(page, id)).toBe('200');
  await check(page, 'clean-response', 'passed');
  await expect(page.getByTestId('exercise-complete')).toBeVisible();
});

test('errors-as-4xx: an SQS error answered 200, then mapped to 400', async ({ page }) => {
  const id = await startExercise(page, 'errors-as-4xx');
  const queue = names('errors-as-4xx').queueName;
  const broken = `{"QueueUrl": "${queueUrl(queue)}" "MessageBody": "x"}`;
  expect(await send(page, id, broken)).toBe('200');
  await check(page, 'errors-as-4xx', 'passed');
  await page.goto(`/designs/${id}/responses`);
  await page.getByRole('button', { name: /Add method response/ }).click();
  await page.getByLabel('Status code', { exact: true }).last().fill('400');
  await page.getByRole('button', { name: /Add integration response/ }).click();
  await page.getByLabel('Method response status code').last().fill('400');
  await page.getByLabel('HTTP status regex').last().fill('4\\d{2}');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await deploy(page, id);
  expect(await send(page, id, broken)).toBe('400');
  await check(page, 'errors-as-4xx', 'passed');
  await expect(page.getByTestId('exercise-complete')).toBeVisible();
});

test('message-attributes: a message attribute written by the template', async ({ page }) => {
  const id = await startExercise(page, 'message-attributes');
  await page.goto(`/designs/${id}/template`);
  await replaceEditorText(page, 'template-editor', 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)&MessageAttribute.1.Name=sourceIp&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=$util.urlEncode($context.identity.sourceIp)');
  await deploy(page, id);
  expect(await send(page, id)).toBe('200');
  await check(page, 'message-attributes', 'passed');
  await expect(page.getByTestId('exercise-complete')).toBeVisible();
});

test('cors-errors: a gateway response with CORS headers, put with the AWS CLI and deployed', async ({ page }) => {
  const id = await startExercise(page, 'cors-errors');
  expect(await send(page, id, 'hello', 'Content-Type: text/plain')).toBe('415');
  await check(page, 'cors-errors', 'passed');
  await page.goto(`/designs/${id}/test`);
  const apiId = /API ([a-z0-9]{10})/.exec((await page.getByText(/ on Built-in sandbox · API /).textContent()) ?? '')![1]!;
  // What the task tells the learner to run.
  await aws(['apigateway', 'put-gateway-response', '--rest-api-id', apiId, '--response-type', 'DEFAULT_4XX', '--response-parameters', JSON.stringify({ 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" })]);
  await aws(['apigateway', 'create-deployment', '--rest-api-id', apiId, '--stage-name', 'prod']);
  expect(await send(page, id, 'hello', 'Content-Type: text/plain')).toBe('415');
  await check(page, 'cors-errors', 'passed');
  await expect(page.getByTestId('exercise-complete')).toBeVisible();
});

test('redeploy-drift: a change that is not deployed, found on Integrations, then deployed', async ({ page }) => {
  const id = await startExercise(page, 'redeploy-drift');
  await page.goto('/integrations');
  await expect(page.getByRole('row', { name: new RegExp(names('redeploy-drift').apiName) })).toContainText(/passthroughBehavior|drift|differs/i);
  await check(page, 'redeploy-drift', 'passed');
  await deploy(page, id);
  expect(await send(page, id)).toBe('200');
  await check(page, 'redeploy-drift', 'passed');
  await expect(page.getByTestId('exercise-complete')).toBeVisible();
  await page.goto('/learn');
  await expect(page.getByTestId('status-redeploy-drift')).toContainText('Completed');
});
