import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPresetDesign, type IntegrationDesign } from '@/lib/design';
import { type RunningSandbox, startSandbox } from '@/lib/sandbox/server';
import { type AwsClients, createClients, destroyClients } from './clients';
import { planDesign } from './plan';

let sandbox: RunningSandbox;
let clients: AwsClients;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, dataDir: mkdtempSync(path.join(tmpdir(), 'sluice-existing-role-')) });
  clients = createClients({ kind: 'sandbox', id: 'sandbox', name: 'Built-in sandbox', endpoint: sandbox.url, region: 'us-east-1' });
});
afterAll(async () => {
  destroyClients(clients);
  await sandbox?.close();
});

const trust = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
const sendTo = (resource: string, effect = 'Allow') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: 'sqs:SendMessage', Resource: resource }] });

let n = 0;
async function designWithRole(service: string, policy?: { document: string; attached?: boolean }): Promise<IntegrationDesign> {
  n += 1;
  const queueName = `role-check-q-${n}`;
  const roleName = `role-check-${n}`;
  await clients.sqs.send(new CreateQueueCommand({ QueueName: queueName }));
  const role = await clients.iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: trust(service) }));
  if (policy?.attached) {
    const created = await clients.iam.send(new CreatePolicyCommand({ PolicyName: `${roleName}-send`, PolicyDocument: policy.document }));
    await clients.iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: created.Policy!.Arn! }));
  } else if (policy) {
    await clients.iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'send', PolicyDocument: policy.document }));
  }
  const d = createPresetDesign('query-urlencoded', { queueName, apiName: `role-check-api-${n}` });
  d.queue = { ...d.queue, mode: 'existing', name: queueName };
  d.executionRole = { mode: 'existing', roleArn: role.Role!.Arn! };
  return d;
}

describe('an existing role is checked before deploy', () => {
  it('passes a role API Gateway may assume with an inline policy allowing SendMessage on the queue', async () => {
    const d = await designWithRole('apigateway.amazonaws.com', { document: sendTo(`arn:aws:sqs:us-east-1:000000000000:role-check-q-${n + 1}`) });
    expect((await planDesign(d, clients)).problems).toEqual([]);
  });

  it('passes a role whose attached managed policy allows SendMessage', async () => {
    const d = await designWithRole('apigateway.amazonaws.com', { document: sendTo('arn:aws:sqs:*:*:role-check-*'), attached: true });
    expect((await planDesign(d, clients)).problems).toEqual([]);
  });

  it('refuses a role whose trust policy does not let API Gateway assume it', async () => {
    const d = await designWithRole('lambda.amazonaws.com', { document: sendTo('*') });
    const { problems } = await planDesign(d, clients);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/cannot be assumed by API Gateway: its trust policy does not allow apigateway\.amazonaws\.com/);
  });

  it('refuses a role with no SendMessage permission, and one that denies it', async () => {
    const none = await designWithRole('apigateway.amazonaws.com');
    expect((await planDesign(none, clients)).problems).toEqual([
      `Role ${none.executionRole.mode === 'existing' ? none.executionRole.roleArn : ''} does not allow sqs:SendMessage on arn:aws:sqs:us-east-1:000000000000:${none.queue.name}: API Gateway would get AccessDenied. Add an Allow statement for that action and queue ARN, or let Sluice create the role.`,
    ]);
    const denied = await designWithRole('apigateway.amazonaws.com', {
      document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }, { Effect: 'Deny', Action: 'sqs:SendMessage', Resource: '*' }] }),
    });
    expect((await planDesign(denied, clients)).problems[0]).toMatch(/does not allow sqs:SendMessage on .*\(a statement denies it\)/);
  });
});
