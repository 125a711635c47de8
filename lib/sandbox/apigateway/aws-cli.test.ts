import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from './test-support';

const run = promisify(execFile);

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb.stop();
});

/** Debian's AWS CLI v2 (always the full path: another `aws` may come first on PATH); it needs --endpoint-url. */
async function aws(...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run('/usr/bin/aws', ['apigateway', ...args, '--endpoint-url', sb.url, '--region', 'us-east-1', '--output', 'json'], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
  });
  return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>);
}

const str = (v: unknown) => String(v);

describe('/usr/bin/aws apigateway against the sandbox', () => {
  it('builds a MOCK API with a CORS preflight, deploys it and serves the invoke URL', { timeout: 90_000 }, async () => {
    const api = await aws('create-rest-api', '--name', 'cli-mock');
    const apiId = str(api.id);
    expect(apiId).toMatch(/^[a-z0-9]{10}$/);
    // CLI 2.9's model predates `rootResourceId` in CreateRestApi's output: find the root the classic way.
    const resources = await aws('get-resources', '--rest-api-id', apiId);
    const root = (resources.items as { id: string; path: string }[]).find((r) => r.path === '/');
    const resource = await aws('create-resource', '--rest-api-id', apiId, '--parent-id', str(root?.id), '--path-part', 'hello');
    const rid = str(resource.id);

    await aws('put-method', '--rest-api-id', apiId, '--resource-id', rid, '--http-method', 'OPTIONS', '--authorization-type', 'NONE');
    await aws('put-integration', '--rest-api-id', apiId, '--resource-id', rid, '--http-method', 'OPTIONS', '--type', 'MOCK', '--request-templates', '{"application/json":"{\\"statusCode\\": 200}"}');
    const cors = ['Access-Control-Allow-Origin', 'Access-Control-Allow-Methods', 'Access-Control-Allow-Headers'];
    await aws(
      'put-method-response', '--rest-api-id', apiId, '--resource-id', rid, '--http-method', 'OPTIONS', '--status-code', '200',
      '--response-parameters', JSON.stringify(Object.fromEntries(cors.map((h) => [`method.response.header.${h}`, false]))),
    );
    await aws(
      'put-integration-response', '--rest-api-id', apiId, '--resource-id', rid, '--http-method', 'OPTIONS', '--status-code', '200',
      '--response-parameters',
      JSON.stringify({
        'method.response.header.Access-Control-Allow-Origin': "'*'",
        'method.response.header.Access-Control-Allow-Methods': "'OPTIONS,GET'",
        'method.response.header.Access-Control-Allow-Headers': "'Content-Type,X-Amz-Target'",
      }),
    );

    await aws('put-method', '--rest-api-id', apiId, '--resource-id', rid, '--http-method', 'GET', '--authorization-type', 'NONE');
    await aws('put-integration', '--rest-api-id', apiId, '--resource-id', rid, '--http-method', 'GET', '--type', 'MOCK', '--request-templates', '{"application/json":"{\\"statusCode\\": 201}"}');
    await aws('put-method-response', '--rest-api-id', apiId, '--resource-id', rid, '--http-method', 'GET', '--status-code', '201');
    await aws(
      'put-integration-response', '--rest-api-id', apiId, '--resource-id', rid, '--http-method', 'GET', '--status-code', '201',
      '--response-templates', '{"application/json":"{\\"stage\\": \\"$context.stage\\", \\"q\\": \\"$input.params(\'name\')\\"}"}',
    );
    const badKey = await run('/usr/bin/aws', [
      'apigateway', 'put-integration', '--rest-api-id', apiId, '--resource-id', rid, '--http-method', 'GET', '--type', 'MOCK',
      '--request-parameters', '{"integration.request.header.X":"unquoted"}', '--endpoint-url', sb.url, '--region', 'us-east-1',
    ], { env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_CONFIG_FILE: '/dev/null' } }).catch((e: { stderr: string }) => e);
    expect('stderr' in badKey ? badKey.stderr : '').toContain('(BadRequestException) when calling the PutIntegration operation: Invalid mapping expression specified');

    const deployment = await aws('create-deployment', '--rest-api-id', apiId, '--stage-name', 'dev');
    expect(str(deployment.id)).toMatch(/^[a-z0-9]{10}$/);
    const stages = await aws('get-stages', '--rest-api-id', apiId);
    expect(stages.item).toEqual([expect.objectContaining({ stageName: 'dev', deploymentId: deployment.id })]);

    const url = `${sb.url}/_aws/execute-api/${apiId}/dev/hello`;
    const preflight = await fetch(url, { method: 'OPTIONS', headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'GET' } });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('OPTIONS,GET');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Content-Type,X-Amz-Target');

    const get = await fetch(`${url}?name=sluice`);
    expect(get.status).toBe(201);
    expect(await get.text()).toBe('{"stage": "dev", "q": "sluice"}');
  });

  it('manages gateway responses, API keys, usage plans, tags, method settings, the account and deployments', { timeout: 180_000 }, async () => {
    const api = await aws('create-rest-api', '--name', 'cli-more', '--tags', 'team=a');
    const apiId = str(api.id);
    const resources = await aws('get-resources', '--rest-api-id', apiId);
    const root = (resources.items as { id: string; path: string }[]).find((r) => r.path === '/');
    await aws('put-method', '--rest-api-id', apiId, '--resource-id', str(root?.id), '--http-method', 'GET', '--authorization-type', 'NONE', '--api-key-required');
    await aws('put-integration', '--rest-api-id', apiId, '--resource-id', str(root?.id), '--http-method', 'GET', '--type', 'MOCK', '--request-templates', '{"application/json":"{\\"statusCode\\": 200}"}');
    await aws('put-method-response', '--rest-api-id', apiId, '--resource-id', str(root?.id), '--http-method', 'GET', '--status-code', '200');
    await aws('put-integration-response', '--rest-api-id', apiId, '--resource-id', str(root?.id), '--http-method', 'GET', '--status-code', '200');
    await aws(
      'put-gateway-response', '--rest-api-id', apiId, '--response-type', 'INVALID_API_KEY', '--status-code', '401',
      '--response-parameters', '{"gatewayresponse.header.Access-Control-Allow-Origin":"\'*\'"}',
    );
    const listed = await aws('get-gateway-responses', '--rest-api-id', apiId);
    expect((listed.items as { responseType: string; statusCode?: string }[]).find((g) => g.responseType === 'INVALID_API_KEY')?.statusCode).toBe('401');
    const deployment = await aws('create-deployment', '--rest-api-id', apiId, '--stage-name', 'prod');
    await aws('update-stage', '--rest-api-id', apiId, '--stage-name', 'prod', '--patch-operations', 'op=replace,path=/*/*/metrics/enabled,value=true');
    const stage = await aws('get-stage', '--rest-api-id', apiId, '--stage-name', 'prod');
    expect(stage.methodSettings).toMatchObject({ '*/*': { metricsEnabled: true } });

    const url = `${sb.url}/_aws/execute-api/${apiId}/prod/`;
    const refused = await fetch(url);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    const key = await aws('create-api-key', '--name', 'cli-key', '--enabled');
    const plan = await aws('create-usage-plan', '--name', 'cli-plan', '--api-stages', `apiId=${apiId},stage=prod`);
    await aws('create-usage-plan-key', '--usage-plan-id', str(plan.id), '--key-id', str(key.id), '--key-type', 'API_KEY');
    const withValue = await aws('get-api-key', '--api-key', str(key.id), '--include-value');
    expect(withValue.value).toBe(key.value);
    expect((await fetch(url, { headers: { 'x-api-key': str(key.value) } })).status).toBe(200);

    const arn = `arn:aws:apigateway:us-east-1::/restapis/${apiId}`;
    await aws('tag-resource', '--resource-arn', arn, '--tags', 'env=dev');
    expect((await aws('get-tags', '--resource-arn', arn)).tags).toEqual({ team: 'a', env: 'dev' });
    const account = await aws('update-account', '--patch-operations', 'op=replace,path=/cloudwatchRoleArn,value=arn:aws:iam::000000000000:role/logs');
    expect(account.cloudwatchRoleArn).toBe('arn:aws:iam::000000000000:role/logs');
    const busy = await run('/usr/bin/aws', [
      'apigateway', 'delete-deployment', '--rest-api-id', apiId, '--deployment-id', str(deployment.id), '--endpoint-url', sb.url, '--region', 'us-east-1',
    ], { env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_CONFIG_FILE: '/dev/null' } }).catch((e: { stderr: string }) => e);
    expect('stderr' in busy ? busy.stderr : '').toContain('(BadRequestException) when calling the DeleteDeployment operation: Active stages pointing to this deployment must be moved or deleted');
    await aws('flush-stage-cache', '--rest-api-id', apiId, '--stage-name', 'prod');
  });
});
