import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListInstanceProfilesForRoleCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
} from '@aws-sdk/client-iam';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ListQueueTagsCommand,
  SQSClient,
  SendMessageCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxAuth } from '@/lib/sandbox/auth';
import { startSandbox, type RunningSandbox } from '@/lib/sandbox/server';
import { sqsService } from '@/lib/sandbox/sqs/service';
import { stsService } from '@/lib/sandbox/sts/service';
import { iamService } from './service';

/*
 * The calls terraform-provider-aws (v5, aws-sdk-go-v2) makes for
 *   resource "aws_sqs_queue" "orders" { name = "tf-orders"; visibility_timeout_seconds = 60; tags = { app = "sluice" } }
 *   resource "aws_iam_role" "producer" { name = "tf-producer"; assume_role_policy = ...; tags = { app = "sluice" } }
 *   resource "aws_iam_role_policy" "send" { role = aws_iam_role.producer.name; policy = ...send to the queue... }
 * through apply, a changed apply and destroy (internal/service/sqs/queue.go, internal/service/iam/role.go and
 * role_policy.go: create, the propagation waits that re-read, read, update, delete and the deletion waits).
 */

const ROOT = { accessKeyId: 'test', secretAccessKey: 'test' };
const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}';

let sandbox: RunningSandbox;
let dataDir: string;
let sqs: SQSClient;
let iam: IAMClient;
let sts: STSClient;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'sluice-tf-'));
  sandbox = await startSandbox({ port: 0, dataDir, services: [sqsService, iamService, stsService], auth: createSandboxAuth });
  const common = { endpoint: sandbox.url, region: 'us-east-1', credentials: ROOT };
  sqs = new SQSClient({ ...common, useQueueUrlAsEndpoint: false });
  iam = new IAMClient(common);
  sts = new STSClient(common);
});
afterAll(async () => {
  sqs.destroy();
  iam.destroy();
  sts.destroy();
  await sandbox.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function notFound(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as { name: string }).name;
  }
  throw new Error('expected a not-found error');
}

/** Terraform's read of aws_sqs_queue: all attributes and the tags. */
async function readQueue(url: string) {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
  const { Tags } = await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }));
  return { Attributes: Attributes!, Tags: Tags ?? {} };
}

/** Terraform's read of aws_iam_role: the role, then its inline and attached policies. */
async function readRole(name: string) {
  const { Role } = await iam.send(new GetRoleCommand({ RoleName: name }));
  const { PolicyNames } = await iam.send(new ListRolePoliciesCommand({ RoleName: name }));
  for (const PolicyName of PolicyNames ?? []) await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName }));
  const { AttachedPolicies } = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }));
  return { Role: Role!, PolicyNames: PolicyNames ?? [], AttachedPolicies: AttachedPolicies ?? [] };
}

describe('Terraform aws provider: aws_sqs_queue + aws_iam_role + aws_iam_role_policy', () => {
  it('apply, plan (no changes), apply a change, destroy', async () => {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe('000000000000');

    // apply: aws_sqs_queue.orders
    const { QueueUrl } = await sqs.send(
      // The provider sends every attribute that is not its zero value, its defaults included.
      new CreateQueueCommand({
        QueueName: 'tf-orders',
        Attributes: { VisibilityTimeout: '60', MaximumMessageSize: '262144', MessageRetentionPeriod: '345600', SqsManagedSseEnabled: 'true', KmsDataKeyReusePeriodSeconds: '300' },
        tags: { app: 'sluice' },
      }),
    );
    const url = QueueUrl!;
    let queue = await readQueue(url); // waitQueueAttributesPropagated
    expect(queue.Attributes).toMatchObject({ VisibilityTimeout: '60', MaximumMessageSize: '262144', SqsManagedSseEnabled: 'true', QueueArn: 'arn:aws:sqs:us-east-1:000000000000:tf-orders' });
    // Without a KMS key there is no data key reuse period (the provider's wait accepts its absence).
    expect(queue.Attributes).not.toHaveProperty('KmsDataKeyReusePeriodSeconds');
    queue = await readQueue(url);
    expect(queue.Tags).toEqual({ app: 'sluice' });
    const queueArn = queue.Attributes.QueueArn!;

    // apply: aws_iam_role.producer
    const created = await iam.send(new CreateRoleCommand({ RoleName: 'tf-producer', AssumeRolePolicyDocument: TRUST, Path: '/', MaxSessionDuration: 3600, Tags: [{ Key: 'app', Value: 'sluice' }] }));
    expect(created.Role?.Arn).toBe('arn:aws:iam::000000000000:role/tf-producer');
    let role = await readRole('tf-producer');
    expect(role.Role).toMatchObject({ MaxSessionDuration: 3600, Tags: [{ Key: 'app', Value: 'sluice' }] });
    expect(decodeURIComponent(role.Role.AssumeRolePolicyDocument!)).toBe(TRUST);

    // apply: aws_iam_role_policy.send (id "tf-producer:send")
    const send = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queueArn }] });
    await iam.send(new PutRolePolicyCommand({ RoleName: 'tf-producer', PolicyName: 'send', PolicyDocument: send }));
    const policy = await iam.send(new GetRolePolicyCommand({ RoleName: 'tf-producer', PolicyName: 'send' }));
    expect(decodeURIComponent(policy.PolicyDocument!)).toBe(send);

    // The result works: the role can be assumed and send to the queue.
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: created.Role!.Arn, RoleSessionName: 'tf' }))).Credentials!;
    const producer = new SQSClient({
      endpoint: sandbox.url,
      region: 'us-east-1',
      credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! },
      useQueueUrlAsEndpoint: false,
    });
    await expect(producer.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'hello' }))).resolves.toHaveProperty('MessageId');
    producer.destroy();

    // plan: refresh reads everything again
    role = await readRole('tf-producer');
    expect(role.PolicyNames).toEqual(['send']);
    expect(role.AttachedPolicies).toEqual([]);

    // apply a change: visibility timeout, tags, role description, trust policy, policy document
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: '120' } }));
    await sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: ['app'] }));
    await sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { team: 'orders' } }));
    queue = await readQueue(url);
    expect(queue.Attributes.VisibilityTimeout).toBe('120');
    expect(queue.Tags).toEqual({ team: 'orders' });
    const described = await iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'tf-producer', Description: 'sends orders' }));
    expect(described.Role).toMatchObject({ RoleName: 'tf-producer', Description: 'sends orders', MaxSessionDuration: 3600 });
    await iam.send(new UpdateRoleCommand({ RoleName: 'tf-producer', MaxSessionDuration: 7200 }));
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'tf-producer', PolicyDocument: TRUST }));
    await iam.send(new UntagRoleCommand({ RoleName: 'tf-producer', TagKeys: ['app'] }));
    await iam.send(new TagRoleCommand({ RoleName: 'tf-producer', Tags: [{ Key: 'team', Value: 'orders' }] }));
    const both = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes'], Resource: queueArn }] });
    await iam.send(new PutRolePolicyCommand({ RoleName: 'tf-producer', PolicyName: 'send', PolicyDocument: both }));
    role = await readRole('tf-producer');
    expect(role.Role).toMatchObject({ Description: 'sends orders', MaxSessionDuration: 7200, Tags: [{ Key: 'team', Value: 'orders' }] });

    // destroy: the role policy first, then the role (after its instance profiles) and the queue, each waited for.
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'tf-producer', PolicyName: 'send' }));
    expect(await notFound(iam.send(new GetRolePolicyCommand({ RoleName: 'tf-producer', PolicyName: 'send' })))).toBe('NoSuchEntityException');
    const profiles = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'tf-producer' }));
    expect(profiles.InstanceProfiles).toEqual([]);
    await iam.send(new DeleteRoleCommand({ RoleName: 'tf-producer' }));
    expect(await notFound(iam.send(new GetRoleCommand({ RoleName: 'tf-producer' })))).toBe('NoSuchEntityException');
    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    expect(await notFound(sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] })))).toBe('QueueDoesNotExist');
  });
});
