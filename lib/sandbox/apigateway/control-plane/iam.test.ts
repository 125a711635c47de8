import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteRestApiCommand,
  GetRestApiCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGatewayErrorOf, putMockMethod, startTestSandbox, type TestSandbox } from '../test-support';

const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}';
const EXEC_ROLE = 'arn:aws:iam::000000000000:role/apigw-sqs';

let sb: TestSandbox;
let session: APIGatewayClient;

type Session = { accessKeyId: string; secretAccessKey: string; sessionToken: string };
const sessions = new Map<APIGatewayClient, Session>();

async function assume(roleName: string, statements: object[]): Promise<APIGatewayClient> {
  await sb.iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: TRUST }));
  await sb.iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
  const sts = new STSClient({ endpoint: sb.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::000000000000:role/${roleName}`, RoleSessionName: 'deployer' }));
  sts.destroy();
  const c = out.Credentials!;
  const credentials = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
  const client = new APIGatewayClient({ endpoint: sb.url, region: 'us-east-1', credentials });
  sessions.set(client, credentials);
  return client;
}

/** A SigV4-signed (execute-api) GET of an invoke URL with a session's credentials. */
async function signedInvoke(url: string, credentials: Session): Promise<{ status: number; body: string }> {
  const { SignatureV4 } = await import('@smithy/signature-v4');
  const { Sha256 } = await import('@aws-crypto/sha256-js');
  const u = new URL(url);
  const signer = new SignatureV4({ service: 'execute-api', region: 'us-east-1', credentials, sha256: Sha256 });
  const signed = await signer.sign({ method: 'GET', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: u.pathname, headers: { host: u.host } });
  const res = await fetch(url, { headers: signed.headers });
  return { status: res.status, body: await res.text() };
}

beforeAll(async () => {
  sb = await startTestSandbox();
  session = await assume('deployer', [
    { Effect: 'Allow', Action: ['apigateway:GET', 'apigateway:POST', 'apigateway:PUT'], Resource: 'arn:aws:apigateway:us-east-1::/restapis*' },
    { Effect: 'Deny', Action: 'apigateway:DELETE', Resource: '*' },
  ]);
});
afterAll(async () => {
  session.destroy();
  await sb.stop();
});


describe('IAM on the control plane for assumed-role sessions', () => {
  it("evaluates apigateway:{METHOD} on the request's ARN, and iam:PassRole for an integration's credentials", async () => {
    const api = await session.send(new CreateRestApiCommand({ name: 'iam' }));
    expect((await session.send(new GetRestApiCommand({ restApiId: api.id }))).name).toBe('iam');

    const denied = await apiGatewayErrorOf(session.send(new DeleteRestApiCommand({ restApiId: api.id })));
    expect({ name: denied.name, status: denied.$metadata.httpStatusCode, message: denied.message }).toEqual({
      name: 'AccessDeniedException',
      status: 403,
      message: `User: arn:aws:sts::000000000000:assumed-role/deployer/deployer is not authorized to perform: apigateway:DELETE on resource: arn:aws:apigateway:us-east-1::/restapis/${api.id} with an explicit deny in an identity-based policy`,
    });

    const r = await session.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'send' }));
    const ids = { restApiId: api.id!, resourceId: r.id!, httpMethod: 'POST' };
    await session.send(new PutMethodCommand({ ...ids, authorizationType: 'NONE' }));
    const integration = { ...ids, type: 'AWS' as const, integrationHttpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:sqs:path/000000000000/orders', credentials: EXEC_ROLE };
    const noPass = await apiGatewayErrorOf(session.send(new PutIntegrationCommand(integration)));
    expect(noPass.name).toBe('AccessDeniedException');
    expect(noPass.message).toContain(`is not authorized to perform: iam:PassRole on resource: ${EXEC_ROLE}`);

    const passer = await assume('passer', [
      { Effect: 'Allow', Action: 'apigateway:*', Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: EXEC_ROLE },
    ]);
    const ok = await passer.send(new PutIntegrationCommand(integration));
    expect(ok.credentials).toBe(EXEC_ROLE);
    passer.destroy();
  });

  it('AWS_IAM methods evaluate execute-api:Invoke for the caller (ACCESS_DENIED otherwise)', async () => {
    const api = await sb.apigw.send(new CreateRestApiCommand({ name: 'iam-invoke' }));
    const ids = { restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET' };
    await putMockMethod(sb.apigw, ids, { method: { authorizationType: 'AWS_IAM' }, responseTemplate: '{"ok":true}' });
    await sb.apigw.send(new CreateDeploymentCommand({ restApiId: ids.restApiId, stageName: 'prod' }));
    const url = `${sb.url}/_aws/execute-api/${ids.restApiId}/prod/`;
    const arn = `arn:aws:execute-api:us-east-1:000000000000:${ids.restApiId}/prod/GET/`;

    const unsigned = await fetch(url);
    expect({ status: unsigned.status, body: await unsigned.text() }).toEqual({ status: 403, body: '{"message":"Missing Authentication Token"}' });
    const noInvoke = await signedInvoke(url, sessions.get(session)!);
    expect(noInvoke).toEqual({
      status: 403,
      body: JSON.stringify({ Message: `User: arn:aws:sts::000000000000:assumed-role/deployer/deployer is not authorized to perform: execute-api:Invoke on resource: ${arn}` }),
    });
    const invoker = await assume('invoker', [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:us-east-1:000000000000:${ids.restApiId}/*` }]);
    expect(await signedInvoke(url, sessions.get(invoker)!)).toEqual({ status: 200, body: '{"ok":true}' });
    invoker.destroy();
  });

  it('long-term keys keep full access', async () => {
    const api = await sb.apigw.send(new CreateRestApiCommand({ name: 'root' }));
    expect((await sb.apigw.send(new DeleteRestApiCommand({ restApiId: api.id }))).$metadata.httpStatusCode).toBe(202);
  });
});
