import 'server-only';
import {
  CreateApiKeyCommand,
  DeleteGatewayResponseCommand,
  PutGatewayResponseCommand,
  DeleteApiKeyCommand,
  CreateDeploymentCommand,
  CreateRequestValidatorCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  DeleteRequestValidatorCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteIntegrationCommand,
  DeleteMethodCommand,
  DeleteResourceCommand,
  DeleteRestApiCommand,
  DeleteStageCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateMethodCommand,
  UpdateUsagePlanCommand,
} from '@aws-sdk/client-api-gateway';
import { CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateQueueCommand, DeleteQueueCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { awsQueueUrl, type IntegrationDesign, roleArn } from '@/lib/design';
import type { CreatedResource, CreatedResources, PendingCreate } from '@/lib/store/deployments';
import { deleteUsagePlan } from './usage-plans';
import type { AwsClients } from './clients';
import type { Connection } from './connections';
import { type AwsErrorInfo, toAwsErrorInfo } from './errors';
import type { Plan, PlanStep } from './plan';

export type StepStatus = 'pending' | 'running' | 'retrying' | 'done' | 'failed' | 'skipped';

export type ApplyEvent =
  | { kind: 'step'; stepId: string; description: string; status: StepStatus; elapsedMs: number; requestId?: string; message?: string }
  | { kind: 'rollback'; description: string; status: 'running' | 'done' | 'failed'; message?: string };

export type ApplyOutputs = {
  queueUrl?: string;
  roleArn?: string;
  restApiId?: string;
  resourceId?: string;
  deploymentId?: string;
  stageName: string;
  invokeUrl?: string;
};

export type ApplyResult = {
  ok: boolean;
  steps: { stepId: string; description: string; status: StepStatus; elapsedMs: number; requestId?: string }[];
  failed?: { stepId: string; description: string; error: AwsErrorInfo };
  rolledBack: { description: string; ok: boolean; error?: AwsErrorInfo }[];
  outputs: ApplyOutputs;
  /** What this apply created and kept (empty after a rollback); teardown deletes exactly these. */
  created: CreatedResources;
  /** SDK calls made by apply (writes and rollback), not counting the plan's reads. */
  calls: number;
  wallMs: number;
};

type Outputs = Record<string, Record<string, string>>;

/** Replaces `${stepId.field}` refs (lib/design `ref`) with the values earlier steps returned. */
function substitute<T>(value: T, outputs: Outputs): T {
  if (typeof value === 'string') {
    // Lazy, not `[^}]+`: step ids of path-parameter resources contain braces (`${resource:/orders/{orderId}.id}`).
    return value.replace(/\$\{(.+?)\.([A-Za-z]+)\}/g, (m, step: string, field: string) => outputs[step]?.[field] ?? m) as T;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, outputs)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, outputs)])) as T;
  }
  return value;
}

/** Errors that mean "IAM has not caught up yet" right after a role was created or changed (aws-reference E). */
const PROPAGATION = /cannot be assumed|does not have permission to assume|not authorized to perform: iam:PassRole|Invalid ARN specified in the request/i;

type Sent = { output: Record<string, string>; requestId?: string };

async function send(step: PlanStep, clients: AwsClients, outputs: Outputs): Promise<Sent> {
  const rid = (o: { $metadata?: { requestId?: string } }) => o.$metadata?.requestId;
  const ag = clients.apigateway;
  // Each case narrows the step to its operation, so its input has that command's SDK type (lib/aws/plan.ts PlanStep).
  const i = <T,>(input: T): T => substitute(input, outputs);
  switch (step.operation) {
    case 'CreateQueue': {
      const o = await clients.sqs.send(new CreateQueueCommand(i(step.input)));
      return { output: { url: o.QueueUrl ?? '' }, requestId: rid(o) };
    }
    case 'SetQueueAttributes': return { output: {}, requestId: rid(await clients.sqs.send(new SetQueueAttributesCommand(i(step.input)))) };
    case 'CreateRole': {
      const o = await clients.iam.send(new CreateRoleCommand(i(step.input)));
      return { output: { arn: o.Role?.Arn ?? '' }, requestId: rid(o) };
    }
    case 'UpdateAssumeRolePolicy': return { output: {}, requestId: rid(await clients.iam.send(new UpdateAssumeRolePolicyCommand(i(step.input)))) };
    case 'PutRolePolicy': return { output: {}, requestId: rid(await clients.iam.send(new PutRolePolicyCommand(i(step.input)))) };
    case 'CreateRestApi': {
      const o = await ag.send(new CreateRestApiCommand(i(step.input)));
      return { output: { id: o.id ?? '', rootResourceId: o.rootResourceId ?? '' }, requestId: rid(o) };
    }
    case 'CreateResource': {
      const o = await ag.send(new CreateResourceCommand(i(step.input)));
      return { output: { id: o.id ?? '' }, requestId: rid(o) };
    }
    case 'CreateRequestValidator': {
      const o = await ag.send(new CreateRequestValidatorCommand(i(step.input)));
      return { output: { id: o.id ?? '' }, requestId: rid(o) };
    }
    case 'PutMethod': return { output: {}, requestId: rid(await ag.send(new PutMethodCommand(i(step.input)))) };
    case 'UpdateMethod': return { output: {}, requestId: rid(await ag.send(new UpdateMethodCommand(i(step.input)))) };
    case 'PutIntegration': return { output: {}, requestId: rid(await ag.send(new PutIntegrationCommand(i(step.input)))) };
    case 'PutMethodResponse': return { output: {}, requestId: rid(await ag.send(new PutMethodResponseCommand(i(step.input)))) };
    case 'PutIntegrationResponse': return { output: {}, requestId: rid(await ag.send(new PutIntegrationResponseCommand(i(step.input)))) };
    case 'CreateDeployment': {
      const o = await ag.send(new CreateDeploymentCommand(i(step.input)));
      return { output: { id: o.id ?? '' }, requestId: rid(o) };
    }
    case 'CreateApiKey': {
      const o = await ag.send(new CreateApiKeyCommand(i(step.input)));
      return { output: { id: o.id ?? '' }, requestId: rid(o) };
    }
    case 'CreateUsagePlan': {
      const o = await ag.send(new CreateUsagePlanCommand(i(step.input)));
      return { output: { id: o.id ?? '' }, requestId: rid(o) };
    }
    case 'UpdateUsagePlan': return { output: {}, requestId: rid(await ag.send(new UpdateUsagePlanCommand(i(step.input)))) };
    case 'PutGatewayResponse': return { output: {}, requestId: rid(await ag.send(new PutGatewayResponseCommand(i(step.input)))) };
    case 'CreateUsagePlanKey': return { output: {}, requestId: rid(await ag.send(new CreateUsagePlanKeyCommand(i(step.input)))) };
    default: {
      const unknown: never = step;
      throw new Error(`Sluice cannot apply ${JSON.stringify(unknown)}`);
    }
  }
}

export function invokeUrl(connection: Connection, region: string, restApiId: string, stageName: string, resourcePath: string): string {
  const path = resourcePath === '/' ? '/' : resourcePath;
  if (connection.kind === 'aws') return `https://${restApiId}.execute-api.${region}.amazonaws.com/${stageName}${path}`;
  return `${connection.endpoint.replace(/\/$/, '')}/_aws/execute-api/${restApiId}/${stageName}${path}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Applies a plan: each service's steps in order (API Gateway writes strictly one after another — AWS rejects
 * concurrent changes to one API), SQS and IAM alongside. When a step fails, everything this apply created is deleted
 * in reverse order; resources that existed before are never deleted, and in-place updates are not reverted (they are
 * listed in the plan's diff).
 */
export async function applyPlan(
  design: IntegrationDesign,
  plan: Plan,
  clients: AwsClients,
  connection: Connection,
  options: {
    onEvent?: (e: ApplyEvent) => void;
    retryDelaysMs?: number[];
    /** Called as soon as a create call returns, before anything else runs; it must record the resource durably. */
    onCreated?: (resource: CreatedResource) => void | Promise<void>;
    /** Called when a rollback has deleted a resource `onCreated` reported. */
    onDeleted?: (resource: CreatedResource) => void | Promise<void>;
    /** Called right before a create call whose resource name is known up front; it must record the intent durably. */
    onCreating?: (intent: PendingCreate) => void | Promise<void>;
    /** Called when such a create call was answered with an error (nothing was created). */
    onCreateRefused?: (kind: PendingCreate['kind']) => void | Promise<void>;
  } = {},
): Promise<ApplyResult> {
  const started = Date.now();
  const emit = options.onEvent ?? (() => {});
  const retryDelays = options.retryDelaysMs ?? [1000, 2000, 4000, 8000];
  const outputs: Outputs = {};
  if (plan.live.restApi.id) outputs.restApi = { id: plan.live.restApi.id };
  for (const [path, id] of Object.entries(plan.live.restApi.resources)) outputs[`resource:${path}`] = { id };
  if (plan.live.restApi.requestValidatorId) outputs.requestValidator = { id: plan.live.restApi.requestValidatorId };
  const toRun = plan.steps.filter((s) => s.action !== 'noop');
  const results = new Map<string, ApplyResult['steps'][number]>();
  const created: PlanStep[] = [];
  let calls = 0;
  let failure: ApplyResult['failed'];
  const roleChanged = toRun.some((s) => s.service === 'iam');

  const lanes = new Map<string, Promise<void>>();
  const done = new Map<string, Promise<void>>();
  for (const step of toRun) {
    const lane = step.service === 'apigateway' ? 'apigateway' : step.service;
    const previous = lanes.get(lane) ?? Promise.resolve();
    const deps = step.dependsOn.map((d) => done.get(d) ?? Promise.resolve());
    const run = (async () => {
      await Promise.allSettled([previous, ...deps]);
      const t0 = Date.now();
      if (failure) {
        results.set(step.id, { stepId: step.id, description: step.description, status: 'skipped', elapsedMs: 0 });
        emit({ kind: 'step', stepId: step.id, description: step.description, status: 'skipped', elapsedMs: 0 });
        return;
      }
      emit({ kind: 'step', stepId: step.id, description: step.description, status: 'running', elapsedMs: 0 });
      for (let attempt = 0; ; attempt += 1) {
        const intent = step.action === 'create' ? pendingCreate(step, design) : undefined;
        try {
          calls += 1;
          if (intent) await options.onCreating?.({ ...intent, since: new Date().toISOString() });
          const sent = await send(step, clients, outputs);
          outputs[step.id] = sent.output;
          if (step.action === 'create') {
            created.push(step);
            const resource = createdResource(step, outputs, design, created.some((s) => s.operation === 'CreateRestApi'));
            if (resource) await options.onCreated?.(resource);
          }
          const r = { stepId: step.id, description: step.description, status: 'done' as const, elapsedMs: Date.now() - t0, ...(sent.requestId ? { requestId: sent.requestId } : {}) };
          results.set(step.id, r);
          emit({ kind: 'step', ...r });
          return;
        } catch (err) {
          const info = toAwsErrorInfo(err);
          // A 4xx answer means nothing was created; without an answer (network error) or on a 5xx the intent stays.
          if (intent && info.httpStatus !== undefined && info.httpStatus < 500) await options.onCreateRefused?.(intent.kind);
          const delay = retryDelays[attempt];
          if (roleChanged && delay !== undefined && PROPAGATION.test(info.message) && !failure) {
            emit({ kind: 'step', stepId: step.id, description: step.description, status: 'retrying', elapsedMs: Date.now() - t0, message: `IAM changes take a few seconds to reach every AWS service; retrying in ${delay / 1000} s (${info.name}: ${info.message})` });
            await sleep(delay);
            continue;
          }
          failure ??= { stepId: step.id, description: step.description, error: info };
          const r = { stepId: step.id, description: step.description, status: 'failed' as const, elapsedMs: Date.now() - t0, ...(info.requestId ? { requestId: info.requestId } : {}) };
          results.set(step.id, r);
          emit({ kind: 'step', ...r, message: `${info.name}: ${info.message}` });
          return;
        }
      }
    })();
    lanes.set(lane, run);
    done.set(step.id, run);
  }
  await Promise.all(done.values());

  const rolledBack: ApplyResult['rolledBack'] = [];
  if (failure) {
    for (const action of rollbackActions(created, outputs, design, plan)) {
      emit({ kind: 'rollback', description: action.description, status: 'running' });
      try {
        calls += 1;
        await action.run(clients);
        if (action.undoes) await options.onDeleted?.(action.undoes);
        rolledBack.push({ description: action.description, ok: true });
        emit({ kind: 'rollback', description: action.description, status: 'done' });
      } catch (err) {
        const info = toAwsErrorInfo(err);
        rolledBack.push({ description: action.description, ok: false, error: info });
        emit({ kind: 'rollback', description: action.description, status: 'failed', message: `${info.name}: ${info.message}` });
      }
    }
  }

  const restApiId = outputs.restApi?.id ?? plan.live.restApi.id;
  const resourceId = outputs[`resource:${design.resourcePath}`]?.id ?? plan.live.restApi.resources[design.resourcePath];
  const region = design.region;
  const outputsOut: ApplyOutputs = {
    stageName: design.stageName,
    ...(failure ? {} : {
      queueUrl: outputs.queue?.url ?? plan.live.queue.url ?? awsQueueUrl(design),
      roleArn: outputs.role?.arn ?? plan.live.role.arn ?? roleArn(design),
      ...(restApiId ? { restApiId, invokeUrl: invokeUrl(connection, region, restApiId, design.stageName, design.resourcePath) } : {}),
      ...(resourceId ? { resourceId } : {}),
      ...(outputs.deployment?.id ?? plan.live.stage.deploymentId ? { deploymentId: outputs.deployment?.id ?? plan.live.stage.deploymentId } : {}),
    }),
  };
  const kept: ApplyResult['created'] = { resources: {} };
  if (!failure) {
    for (const step of created) {
      if (step.operation === 'CreateQueue' && outputs.queue?.url) kept.queueUrl = outputs.queue.url;
      if (step.operation === 'CreateRole' && design.executionRole.mode === 'create') kept.roleName = design.executionRole.roleName;
      if (step.operation === 'CreateRestApi' && outputs.restApi?.id) kept.restApiId = outputs.restApi.id;
      if (step.operation === 'CreateApiKey' && outputs.apiKey?.id) kept.apiKeyId = outputs.apiKey.id;
      if (step.operation === 'CreateUsagePlan' && outputs.usagePlan?.id) kept.usagePlanId = outputs.usagePlan.id;
      if (step.operation === 'CreateResource' && !kept.restApiId && restApiId) kept.resources[step.id.slice('resource:'.length)] = `${restApiId}:${outputs[step.id]?.id ?? ''}`;
    }
  }
  return {
    ok: !failure,
    created: kept,
    steps: plan.steps.map((s) => results.get(s.id) ?? { stepId: s.id, description: s.description, status: s.action === 'noop' ? 'done' : 'skipped', elapsedMs: 0 }),
    ...(failure ? { failed: failure } : {}),
    rolledBack,
    outputs: outputsOut,
    calls,
    wallMs: Date.now() - started,
  };
}

type RollbackAction = { description: string; run: (c: AwsClients) => Promise<unknown>; undoes?: CreatedResource };

function pendingCreate(step: PlanStep, design: IntegrationDesign): Omit<PendingCreate, 'since'> | undefined {
  if (step.operation === 'CreateQueue') return { kind: 'queue', name: design.queue.name };
  if (step.operation === 'CreateRole' && design.executionRole.mode === 'create') return { kind: 'role', name: design.executionRole.roleName };
  if (step.operation === 'CreateRestApi' && design.restApi.mode === 'create') return { kind: 'restApi', name: design.restApi.name };
  return undefined;
}

/**
 * What a create step leaves behind that teardown must delete. Resources created on an API this apply created are
 * not listed: deleting the API deletes them.
 */
function createdResource(step: PlanStep, outputs: Outputs, design: IntegrationDesign, apiCreatedHere: boolean): CreatedResource | undefined {
  const restApiId = outputs.restApi?.id;
  switch (step.operation) {
    case 'CreateQueue':
      return outputs.queue?.url ? { kind: 'queue', queueUrl: outputs.queue.url } : undefined;
    case 'CreateRole':
      return design.executionRole.mode === 'create' ? { kind: 'role', roleName: design.executionRole.roleName } : undefined;
    case 'CreateRestApi':
      return restApiId ? { kind: 'restApi', restApiId } : undefined;
    case 'CreateApiKey':
      return outputs.apiKey?.id ? { kind: 'apiKey', apiKeyId: outputs.apiKey.id } : undefined;
    case 'CreateUsagePlan':
      return outputs.usagePlan?.id ? { kind: 'usagePlan', usagePlanId: outputs.usagePlan.id } : undefined;
    case 'CreateResource': {
      const resourceId = outputs[step.id]?.id;
      return !apiCreatedHere && restApiId && resourceId ? { kind: 'resource', path: step.id.slice('resource:'.length), restApiId, resourceId } : undefined;
    }
    default:
      return undefined;
  }
}

/** Deletes, in reverse order of creation, what this apply created. */
function rollbackActions(created: PlanStep[], outputs: Outputs, design: IntegrationDesign, plan: Plan): RollbackAction[] {
  const actions: RollbackAction[] = [];
  const deferred: RollbackAction[] = [];
  const apiCreated = created.some((s) => s.operation === 'CreateRestApi');
  const restApiId = outputs.restApi?.id ?? plan.live.restApi.id ?? '';
  const createdResources = new Set(created.filter((s) => s.operation === 'CreateResource').map((s) => s.id));
  const resourceId = outputs[`resource:${design.resourcePath}`]?.id ?? '';
  for (const step of [...created].reverse()) {
    switch (step.operation) {
      case 'CreateQueue':
        actions.push({ description: `Delete queue ${design.queue.name}`, run: (c) => c.sqs.send(new DeleteQueueCommand({ QueueUrl: outputs.queue?.url })), ...(outputs.queue?.url ? { undoes: { kind: 'queue', queueUrl: outputs.queue.url } } : {}) });
        break;
      case 'PutRolePolicy':
        if (design.executionRole.mode === 'create') {
          const RoleName = design.executionRole.roleName;
          actions.push({ description: `Delete inline policy of role ${RoleName}`, run: (c) => c.iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName: String(step.input.PolicyName) })) });
        }
        break;
      case 'CreateRole':
        if (design.executionRole.mode === 'create') {
          const RoleName = design.executionRole.roleName;
          actions.push({ description: `Delete role ${RoleName}`, run: (c) => c.iam.send(new DeleteRoleCommand({ RoleName })), undoes: { kind: 'role', roleName: RoleName } });
        }
        break;
      case 'CreateRestApi':
        // Deleting the API deletes its resources, methods, integrations, deployments and stages with it.
        actions.push({ description: `Delete REST API ${design.restApi.mode === 'create' ? design.restApi.name : restApiId} (${restApiId}) with everything in it`, run: (c) => c.apigateway.send(new DeleteRestApiCommand({ restApiId })), undoes: { kind: 'restApi', restApiId } });
        break;
      case 'CreateResource': {
        if (apiCreated) break;
        const parentCreated = [...createdResources].some((id) => id !== step.id && step.id.startsWith(`${id}/`));
        if (parentCreated) break;
        const id = outputs[step.id]?.id ?? '';
        actions.push({ description: `Delete resource ${step.id.slice('resource:'.length)} with its methods`, run: (c) => c.apigateway.send(new DeleteResourceCommand({ restApiId, resourceId: id })), undoes: { kind: 'resource', path: step.id.slice('resource:'.length), restApiId, resourceId: id } });
        break;
      }
      case 'PutMethod': {
        if (apiCreated || createdResources.has(`resource:${design.resourcePath}`)) break;
        const httpMethod = step.input.httpMethod;
        actions.push({ description: `Delete method ${httpMethod} ${design.resourcePath}`, run: (c) => c.apigateway.send(new DeleteMethodCommand({ restApiId, resourceId, httpMethod })) });
        break;
      }
      case 'PutIntegration': {
        const httpMethod = step.input.httpMethod;
        if (apiCreated || createdResources.has(`resource:${design.resourcePath}`) || created.some((s) => s.operation === 'PutMethod' && s.input.httpMethod === httpMethod)) break;
        actions.push({ description: `Delete integration of ${httpMethod} ${design.resourcePath}`, run: (c) => c.apigateway.send(new DeleteIntegrationCommand({ restApiId, resourceId, httpMethod })) });
        break;
      }
      case 'PutGatewayResponse': {
        if (apiCreated) break;
        // Deleting a customized gateway response puts API Gateway's default back.
        const responseType = step.input.responseType;
        deferred.push({ description: `Reset gateway response ${responseType} to its default`, run: (c) => c.apigateway.send(new DeleteGatewayResponseCommand({ restApiId, responseType })) });
        break;
      }
      case 'CreateRequestValidator': {
        if (apiCreated) break;
        const requestValidatorId = outputs.requestValidator?.id ?? '';
        // API Gateway refuses to delete a validator a method still uses, so it goes after every method deletion.
        deferred.push({ description: `Delete request validator ${requestValidatorId}`, run: (c) => c.apigateway.send(new DeleteRequestValidatorCommand({ restApiId, requestValidatorId })) });
        break;
      }
      case 'CreateUsagePlan': {
        const usagePlanId = outputs.usagePlan?.id ?? '';
        // Deleting the plan also drops its keys; AWS refuses while API stages are still associated.
        actions.push({ description: `Delete usage plan ${String(step.input.name)}`, run: (c) => deleteUsagePlan(c, usagePlanId), undoes: { kind: 'usagePlan', usagePlanId } });
        break;
      }
      case 'CreateApiKey': {
        const apiKey = outputs.apiKey?.id ?? '';
        actions.push({ description: `Delete API key ${String(step.input.name)}`, run: (c) => c.apigateway.send(new DeleteApiKeyCommand({ apiKey })), undoes: { kind: 'apiKey', apiKeyId: apiKey } });
        break;
      }
      case 'CreateDeployment':
        if (apiCreated || plan.live.stage.exists) break;
        actions.push({ description: `Delete stage ${design.stageName}`, run: (c) => c.apigateway.send(new DeleteStageCommand({ restApiId, stageName: design.stageName })) });
        break;
      default:
        break;
    }
  }
  return [...actions, ...deferred];
}
