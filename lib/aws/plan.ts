import 'server-only';
import {
  GetApiKeysCommand,
  GetGatewayResponsesCommand,
  GetMethodCommand,
  GetRequestValidatorsCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetStageCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
  type Method,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  type UpdateAssumeRolePolicyCommandInput,
} from '@aws-sdk/client-iam';
import { evaluatePolicies, type PolicyInput, trustPolicyAllows } from '@/lib/iam';
import { GetQueueAttributesCommand, GetQueueUrlCommand, type SetQueueAttributesCommandInput } from '@aws-sdk/client-sqs';
import type { UpdateMethodCommandInput, UpdateUsagePlanCommandInput } from '@aws-sdk/client-api-gateway';
import {
  apiGatewayTrustPolicy,
  apiKeyNames,
  deriveCreateCalls,
  type PlannedCall,
  INLINE_POLICY_NAME,
  type IntegrationDesign,
  queueArn,
  queueAttributes,
  REQUEST_VALIDATOR_NAME,
  type ResourceUser,
  roleNameFromArn,
  sharedResources,
} from '@/lib/design';
import type { AwsClients } from './clients';
import { isNotFound, toAwsErrorInfo } from './errors';

export type PlanAction = 'create' | 'update' | 'noop';
export type Change = { field: string; before: string | undefined; after: string | undefined };

/** One SDK call that apply will make (or, for `noop`, the call it will not need to make). */
/** The SDK input type of every call a plan may make: apply passes each step's input to its command unchanged. */
export type OperationInputs = {
  [C in PlannedCall as C['operation']]: C['input'];
} & {
  SetQueueAttributes: SetQueueAttributesCommandInput;
  UpdateAssumeRolePolicy: UpdateAssumeRolePolicyCommandInput;
  UpdateMethod: UpdateMethodCommandInput;
  UpdateUsagePlan: UpdateUsagePlanCommandInput;
};

type StepCommon = { id: string; action: PlanAction; service: 'sqs' | 'iam' | 'apigateway'; dependsOn: string[]; description: string; changes: Change[] };

/** One step of a plan, discriminated by its operation so that apply keeps the SDK call's input type. */
export type PlanStep = { [O in keyof OperationInputs]: StepCommon & { operation: O; input: OperationInputs[O] } }[keyof OperationInputs];

/** What the design recorded about an earlier apply on this connection, so later applies update in place. */
export type DeployedRecord = { restApiId?: string; queueUrl?: string };

export type LiveSnapshot = {
  queue: { exists: boolean; url?: string; attributes?: Record<string, string> };
  /** `policies`: for an existing role picked in the design, every inline and attached policy, to check it before deploy. */
  role: { exists: boolean; arn?: string; trustPolicy?: string; inlinePolicy?: string; policies?: PolicyInput[] };
  restApi: { exists: boolean; id?: string; resources: Record<string, string>; requestValidatorId?: string };
  method: { exists: boolean; value?: Method };
  /** With CORS on: the OPTIONS method answering the preflight, and the API's gateway responses by type. */
  corsMethod: { exists: boolean; value?: Method };
  gatewayResponses: Record<string, { defaultResponse: boolean; responseParameters: Record<string, string> }>;
  stage: { exists: boolean; deploymentId?: string; variables?: Record<string, string> };
  /** "API key required": the design's key, its usage plan, and whether the plan holds the key and covers the stage. */
  apiKey: { keyId?: string; usagePlanId?: string; coversStage: boolean; hasKey: boolean };
};

export type Plan = {
  steps: PlanStep[];
  /** Number of write calls apply will make. */
  writes: number;
  /** Number of read calls planning made. */
  reads: number;
  live: LiveSnapshot;
  /** Reasons the design cannot be applied as it stands (e.g. an existing queue that does not exist). */
  problems: string[];
  /** Changes to a queue, role or REST API that something else uses too: apply may break it. */
  warnings: string[];
};

/** Who else uses queues, roles and APIs on the connection; asked only when the plan changes an existing one. */
export type ResourceUsers = () => Promise<ResourceUser[]>;

function listOf(users: string[]): string {
  return users.length <= 3 ? users.join(', ') : `${users.slice(0, 3).join(', ')} and ${users.length - 3} more`;
}

/** Warnings for the steps that change a queue, role or API another design or a discovered integration uses. */
async function sharingWarnings(d: IntegrationDesign, steps: PlanStep[], live: LiveSnapshot, users: ResourceUsers | undefined): Promise<string[]> {
  const changes = (pred: (s: PlanStep) => boolean) => steps.some((s) => s.action !== 'noop' && pred(s));
  const touches = {
    queue: live.queue.exists && changes((s) => s.id === 'queue'),
    role: live.role.exists && changes((s) => s.id === 'role' || s.id === 'rolePolicy'),
    restApi: live.restApi.exists && changes((s) => s.service === 'apigateway'),
  };
  if (!users || !(touches.queue || touches.role || touches.restApi)) return [];
  const shared = sharedResources(d, live.restApi.id, await users());
  return shared
    .filter((r) => touches[r.kind])
    .map((r) => {
      const who = listOf(r.users);
      if (r.kind === 'queue') return `Queue ${r.name} is also used by ${who}. This apply changes its attributes, which affects them too. To keep them apart, give this design its own queue name.`;
      if (r.kind === 'role') return `Role ${r.name} is also used by ${who}. This apply rewrites its permissions, and they may then get 403 AccessDenied. To keep them apart, give this design its own role name.`;
      return `REST API ${r.name} is also used by ${who}. This apply changes the API and redeploys its stage, which also publishes any undeployed change of theirs.`;
    });
}

/** Attributes SetQueueAttributes may change; FifoQueue is fixed at creation. */
const MUTABLE_QUEUE_ATTRIBUTES = ['ContentBasedDeduplication', 'KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds', 'SqsManagedSseEnabled', 'VisibilityTimeout', 'MessageRetentionPeriod', 'MaximumMessageSize', 'DelaySeconds'];

function sameJson(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  try {
    return JSON.stringify(normalise(JSON.parse(a))) === JSON.stringify(normalise(JSON.parse(b)));
  } catch {
    return a === b;
  }
}

/** IAM treats a one-element array and a scalar alike; compare policies after making both arrays. */
function normalise(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 1 ? normalise(v[0]) : v.map(normalise);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, normalise((v as Record<string, unknown>)[k])]));
  }
  return v;
}

function mapChanges(prefix: string, before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): Change[] {
  const b = before ?? {};
  const a = after ?? {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return keys
    .filter((k) => String(b[k] ?? '') !== String(a[k] ?? ''))
    .map((k) => ({ field: `${prefix}.${k}`, before: b[k] === undefined ? undefined : String(b[k]), after: a[k] === undefined ? undefined : String(a[k]) }));
}

function valueChange(field: string, before: unknown, after: unknown): Change[] {
  const norm = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
  return norm(before) === norm(after) ? [] : [{ field, before: norm(before), after: norm(after) }];
}

/** Escapes a map key for a JSON-patch path the way API Gateway's UpdateMethod expects (`/` → `~1`). */
function patchKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Every inline and attached (managed) policy of a role; returns the number of reads it made. */
async function readRolePolicies(clients: AwsClients, roleName: string, set: (policies: PolicyInput[]) => void): Promise<number> {
  let reads = 0;
  const policies: PolicyInput[] = [];
  let marker: string | undefined;
  do {
    reads += 1;
    const page = await clients.iam.send(new ListRolePoliciesCommand({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) }));
    for (const name of page.PolicyNames ?? []) {
      reads += 1;
      const p = await clients.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
      if (p.PolicyDocument) policies.push({ id: name, type: 'inline', document: decodeURIComponent(p.PolicyDocument) });
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  do {
    reads += 1;
    const page = await clients.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) }));
    for (const attached of page.AttachedPolicies ?? []) {
      if (!attached.PolicyArn) continue;
      reads += 2;
      const meta = await clients.iam.send(new GetPolicyCommand({ PolicyArn: attached.PolicyArn }));
      const version = await clients.iam.send(new GetPolicyVersionCommand({ PolicyArn: attached.PolicyArn, VersionId: meta.Policy?.DefaultVersionId }));
      const document = version.PolicyVersion?.Document;
      if (document) policies.push({ id: attached.PolicyName ?? attached.PolicyArn, type: attached.PolicyArn.startsWith('arn:aws:iam::aws:') ? 'aws-managed' : 'user-managed', document: decodeURIComponent(document) });
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  set(policies);
  return reads;
}

/**
 * An existing role picked in the design is used as it is, so check it before deploy: API Gateway must be able to
 * assume it (its trust policy), and its policies must allow sqs:SendMessage on the design's queue, or every request
 * ends in a 500 with "Unable to assume role" / AccessDenied (aws-reference E).
 */
function existingRoleProblems(d: IntegrationDesign, role: LiveSnapshot['role']): string[] {
  const name = d.executionRole.mode === 'existing' ? d.executionRole.roleArn : '';
  const out: string[] = [];
  if (!role.trustPolicy || !trustPolicyAllows(role.trustPolicy, { service: 'apigateway.amazonaws.com' })) {
    out.push(`Role ${name} cannot be assumed by API Gateway: its trust policy does not allow apigateway.amazonaws.com to call sts:AssumeRole. Add that service as a trusted principal, or let Sluice create the role.`);
  }
  const queue = queueArn(d);
  const decision = evaluatePolicies(role.policies ?? [], { action: 'sqs:SendMessage', resource: queue }).decision;
  if (decision !== 'allowed') {
    out.push(`Role ${name} does not allow sqs:SendMessage on ${queue}${decision === 'explicitDeny' ? ' (a statement denies it)' : ''}: API Gateway would get AccessDenied. Add an Allow statement for that action and queue ARN, or let Sluice create the role.`);
  }
  return out;
}

async function readLive(d: IntegrationDesign, clients: AwsClients, record: DeployedRecord): Promise<{ live: LiveSnapshot; reads: number }> {
  let reads = 0;
  const live: LiveSnapshot = {
    queue: { exists: false },
    role: { exists: false },
    restApi: { exists: false, resources: {} },
    method: { exists: false },
    corsMethod: { exists: false },
    gatewayResponses: {},
    stage: { exists: false },
    apiKey: { coversStage: false, hasKey: false },
  };

  const readQueue = async () => {
    try {
      reads += 1;
      const url = record.queueUrl ?? (await clients.sqs.send(new GetQueueUrlCommand({ QueueName: d.queue.name }))).QueueUrl;
      reads += record.queueUrl ? 0 : 1;
      const attrs = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
      live.queue = { exists: true, ...(url ? { url } : {}), attributes: attrs.Attributes ?? {} };
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  };
  const readRole = async () => {
    const roleName = d.executionRole.mode === 'create' ? d.executionRole.roleName : roleNameFromArn(d.executionRole.roleArn);
    try {
      reads += 1;
      const role = await clients.iam.send(new GetRoleCommand({ RoleName: roleName }));
      live.role = {
        exists: true,
        ...(role.Role?.Arn ? { arn: role.Role.Arn } : {}),
        ...(role.Role?.AssumeRolePolicyDocument ? { trustPolicy: decodeURIComponent(role.Role.AssumeRolePolicyDocument) } : {}),
      };
    } catch (err) {
      if (!isNotFound(err)) throw err;
      return;
    }
    if (d.executionRole.mode !== 'create') {
      reads += await readRolePolicies(clients, roleName, (policies) => (live.role.policies = policies));
      return;
    }
    try {
      reads += 1;
      const p = await clients.iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: INLINE_POLICY_NAME }));
      if (p.PolicyDocument) live.role.inlinePolicy = decodeURIComponent(p.PolicyDocument);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  };
  const readApi = async () => {
    const apiId = d.restApi.mode === 'existing' ? d.restApi.id : record.restApiId;
    if (!apiId) return;
    try {
      reads += 1;
      await clients.apigateway.send(new GetRestApiCommand({ restApiId: apiId }));
    } catch (err) {
      if (!isNotFound(err)) throw err;
      return;
    }
    live.restApi = { exists: true, id: apiId, resources: {} };
    reads += 1;
    const resources = await clients.apigateway.send(new GetResourcesCommand({ restApiId: apiId, limit: 500 }));
    for (const r of resources.items ?? []) if (r.path && r.id) live.restApi.resources[r.path] = r.id;
    if (Object.values(d.method.requestParameters).some(Boolean)) {
      reads += 1;
      const validators = await clients.apigateway.send(new GetRequestValidatorsCommand({ restApiId: apiId, limit: 500 }));
      const found = (validators.items ?? []).find((v) => v.name === REQUEST_VALIDATOR_NAME && v.validateRequestParameters);
      if (found?.id) live.restApi.requestValidatorId = found.id;
    }
    const resourceId = live.restApi.resources[d.resourcePath];
    if (resourceId) {
      try {
        reads += 1;
        const m = await clients.apigateway.send(new GetMethodCommand({ restApiId: apiId, resourceId, httpMethod: d.method.httpMethod }));
        live.method = { exists: true, value: m };
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      if (d.cors.enabled) {
        try {
          reads += 1;
          live.corsMethod = { exists: true, value: await clients.apigateway.send(new GetMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'OPTIONS' })) };
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
    }
    if (d.cors.enabled) {
      reads += 1;
      const responses = await clients.apigateway.send(new GetGatewayResponsesCommand({ restApiId: apiId, limit: 500 }));
      for (const r of responses.items ?? []) {
        if (r.responseType) live.gatewayResponses[r.responseType] = { defaultResponse: r.defaultResponse ?? true, responseParameters: r.responseParameters ?? {} };
      }
    }
    try {
      reads += 1;
      const s = await clients.apigateway.send(new GetStageCommand({ restApiId: apiId, stageName: d.stageName }));
      live.stage = { exists: true, ...(s.deploymentId ? { deploymentId: s.deploymentId } : {}), variables: s.variables ?? {} };
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  };
  const readApiKey = async () => {
    if (!d.method.apiKeyRequired) return;
    const names = apiKeyNames(d);
    try {
      reads += 2;
      const [keys, plans] = await Promise.all([
        clients.apigateway.send(new GetApiKeysCommand({ nameQuery: names.keyName, limit: 500 })),
        clients.apigateway.send(new GetUsagePlansCommand({ limit: 500 })),
      ]);
      const key = (keys.items ?? []).find((k) => k.name === names.keyName);
      const plan = (plans.items ?? []).find((p) => p.name === names.usagePlanName);
      live.apiKey = {
        ...(key?.id ? { keyId: key.id } : {}),
        ...(plan?.id ? { usagePlanId: plan.id } : {}),
        coversStage: (plan?.apiStages ?? []).some((st) => st.apiId === live.restApi.id && st.stage === d.stageName),
        hasKey: false,
      };
      if (plan?.id && key?.id) {
        reads += 1;
        const planKeys = await clients.apigateway.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id, limit: 500 }));
        live.apiKey.hasKey = (planKeys.items ?? []).some((k) => k.id === key.id);
      }
    } catch (err) {
      // An endpoint without usage plans (an older sandbox) reads as "none yet"; apply then names the failing call.
      if (!isNotFound(err) && !isUnsupported(err)) throw err;
    }
  };
  await Promise.all([readQueue(), readRole(), readApi()]);
  // The usage plan's stage is on the REST API just read.
  await readApiKey();
  return { live, reads };
}

/** The value of the API key a design with "API key required" created, for the Test panel; undefined when there is none. */
export async function readDesignApiKey(d: IntegrationDesign, clients: AwsClients): Promise<{ name: string; value: string } | undefined> {
  if (!d.method.apiKeyRequired) return undefined;
  const { keyName } = apiKeyNames(d);
  try {
    const keys = await clients.apigateway.send(new GetApiKeysCommand({ nameQuery: keyName, includeValues: true, limit: 500 }));
    const key = (keys.items ?? []).find((k) => k.name === keyName);
    return key?.value ? { name: keyName, value: key.value } : undefined;
  } catch (err) {
    if (isNotFound(err) || isUnsupported(err)) return undefined;
    throw err;
  }
}

/** An endpoint that does not serve the operation at all (a sandbox without usage plans answers this way). */
function isUnsupported(err: unknown): boolean {
  return toAwsErrorInfo(err).name === 'UnknownOperationException';
}

/**
 * Reads the live state of everything the design touches and lists the calls apply will make: create what is
 * missing, update what differs, nothing for what already matches. Existing resources picked in the design are read,
 * never recreated or modified.
 */
export async function planDesign(d: IntegrationDesign, clients: AwsClients, record: DeployedRecord = {}, users?: ResourceUsers): Promise<Plan> {
  const { live, reads } = await readLive(d, clients, record);
  const problems: string[] = [];
  const calls = deriveCreateCalls(d, live.restApi.exists ? { restApiId: live.restApi.id!, resources: live.restApi.resources } : {});
  const steps: PlanStep[] = [];
  /** What the connection has for one of the design's methods: the method itself, or the CORS preflight's OPTIONS. */
  const liveOf = (httpMethod: string | undefined): Method | undefined => (httpMethod === d.method.httpMethod ? live.method.value : httpMethod === 'OPTIONS' ? live.corsMethod.value : undefined);

  if (d.queue.mode === 'existing' && !live.queue.exists) problems.push(`Queue ${d.queue.name} does not exist on this connection; pick an existing queue or let Sluice create it.`);
  if (d.executionRole.mode === 'existing' && !live.role.exists) problems.push(`Role ${d.executionRole.roleArn} does not exist on this connection.`);
  if (d.executionRole.mode === 'existing' && live.role.exists) problems.push(...existingRoleProblems(d, live.role));
  if (d.restApi.mode === 'existing' && !live.restApi.exists) problems.push(`REST API ${d.restApi.id} does not exist on this connection.`);

  for (const call of calls) {
    const base = { id: call.id, service: call.service, dependsOn: call.dependsOn, description: call.description };
    switch (call.operation) {
      case 'CreateQueue': {
        if (!live.queue.exists) {
          steps.push({ ...base, action: 'create', operation: call.operation, input: { ...call.input }, changes: [] });
          break;
        }
        const want = queueAttributes(d);
        const have = live.queue.attributes ?? {};
        if ((want.FifoQueue ?? 'false') !== (have.FifoQueue ?? 'false')) {
          problems.push(`Queue ${d.queue.name} already exists as a ${have.FifoQueue === 'true' ? 'FIFO' : 'standard'} queue; a queue's type cannot change. Choose another name.`);
        }
        const changed = Object.fromEntries(MUTABLE_QUEUE_ATTRIBUTES.filter((k) => want[k] !== undefined && want[k] !== have[k]).map((k) => [k, want[k]!]));
        const changes = mapChanges('queue.attributes', Object.fromEntries(Object.keys(changed).map((k) => [k, have[k]])), changed);
        steps.push(
          changes.length > 0
            ? { ...base, action: 'update', operation: 'SetQueueAttributes', input: { QueueUrl: live.queue.url, Attributes: changed }, description: `Update attributes of queue ${d.queue.name}`, changes }
            : { ...base, action: 'noop', operation: call.operation, input: { ...call.input }, description: `Queue ${d.queue.name} is up to date`, changes: [] },
        );
        break;
      }
      case 'CreateRole': {
        if (!live.role.exists) {
          steps.push({ ...base, action: 'create', operation: call.operation, input: { ...call.input }, changes: [] });
        } else if (!sameJson(live.role.trustPolicy, JSON.stringify(apiGatewayTrustPolicy()))) {
          steps.push({
            ...base,
            action: 'update',
            operation: 'UpdateAssumeRolePolicy',
            input: { RoleName: call.input.RoleName, PolicyDocument: call.input.AssumeRolePolicyDocument },
            description: `Let apigateway.amazonaws.com assume ${call.input.RoleName}`,
            changes: [{ field: 'role.trustPolicy', before: live.role.trustPolicy, after: call.input.AssumeRolePolicyDocument }],
          });
        } else {
          steps.push({ ...base, action: 'noop', operation: call.operation, input: { ...call.input }, description: `Role ${call.input.RoleName} exists and trusts API Gateway`, changes: [] });
        }
        break;
      }
      case 'PutRolePolicy': {
        const same = sameJson(live.role.inlinePolicy, call.input.PolicyDocument);
        steps.push({
          ...base,
          action: same ? 'noop' : live.role.inlinePolicy ? 'update' : 'create',
          operation: call.operation,
          input: { ...call.input },
          changes: same ? [] : [{ field: 'role.policy', before: live.role.inlinePolicy, after: call.input.PolicyDocument }],
        });
        break;
      }
      case 'CreateRequestValidator':
        steps.push(
          live.restApi.requestValidatorId
            ? { ...base, action: 'noop', operation: call.operation, input: { ...call.input }, description: 'The request validator exists', changes: [] }
            : { ...base, action: 'create', operation: call.operation, input: { ...call.input }, changes: [] },
        );
        break;
      case 'CreateRestApi':
        steps.push({ ...base, action: 'create', operation: call.operation, input: { ...call.input }, changes: [] });
        break;
      case 'CreateResource':
        steps.push({ ...base, action: 'create', operation: call.operation, input: { ...call.input }, changes: [] });
        break;
      case 'PutMethod': {
        const method = liveOf(call.input.httpMethod);
        if (!method) {
          steps.push({ ...base, action: 'create', operation: call.operation, input: { ...call.input }, changes: [] });
          break;
        }
        const wantValidator = call.input.requestValidatorId === undefined ? undefined : (live.restApi.requestValidatorId ?? call.input.requestValidatorId);
        const changes = [
          ...valueChange('method.authorizationType', method.authorizationType, call.input.authorizationType),
          ...valueChange('method.requestValidatorId', method.requestValidatorId, wantValidator),
          ...valueChange('method.apiKeyRequired', method.apiKeyRequired ?? false, call.input.apiKeyRequired ?? false),
          ...mapChanges('method.requestParameters', method.requestParameters, call.input.requestParameters),
        ];
        if (changes.length === 0) {
          steps.push({ ...base, action: 'noop', operation: call.operation, input: { ...call.input }, description: `Method ${call.input.httpMethod} ${d.resourcePath} is up to date`, changes });
          break;
        }
        const ops: PatchOperation[] = [];
        if (method.authorizationType !== call.input.authorizationType) ops.push({ op: 'replace', path: '/authorizationType', value: call.input.authorizationType });
        if ((method.requestValidatorId ?? undefined) !== wantValidator) ops.push({ op: 'replace', path: '/requestValidatorId', value: wantValidator ?? '' });
        if ((method.apiKeyRequired ?? false) !== (call.input.apiKeyRequired ?? false)) ops.push({ op: 'replace', path: '/apiKeyRequired', value: String(call.input.apiKeyRequired ?? false) });
        const have = method.requestParameters ?? {};
        const want = call.input.requestParameters ?? {};
        for (const k of Object.keys(have)) if (!(k in want)) ops.push({ op: 'remove', path: `/requestParameters/${patchKey(k)}` });
        for (const [k, v] of Object.entries(want)) if (have[k] !== v) ops.push({ op: k in have ? 'replace' : 'add', path: `/requestParameters/${patchKey(k)}`, value: String(v) });
        steps.push({
          ...base,
          action: 'update',
          operation: 'UpdateMethod',
          input: { restApiId: call.input.restApiId, resourceId: call.input.resourceId, httpMethod: call.input.httpMethod, patchOperations: ops },
          description: `Update method ${call.input.httpMethod} ${d.resourcePath}`,
          changes,
        });
        break;
      }
      case 'PutIntegration': {
        const integration = liveOf(call.input.httpMethod)?.methodIntegration;
        const changes = integration
          ? [
              ...valueChange('integration.type', integration.type, call.input.type),
              ...valueChange('integration.integrationHttpMethod', integration.httpMethod, call.input.integrationHttpMethod),
              ...valueChange('integration.uri', integration.uri, call.input.uri),
              ...valueChange('integration.credentials', integration.credentials, call.input.credentials),
              ...valueChange('integration.passthroughBehavior', integration.passthroughBehavior, call.input.passthroughBehavior),
              ...valueChange('integration.timeoutInMillis', integration.timeoutInMillis, call.input.timeoutInMillis),
              ...valueChange('integration.contentHandling', integration.contentHandling, call.input.contentHandling),
              ...mapChanges('integration.requestParameters', integration.requestParameters, call.input.requestParameters),
              ...mapChanges('integration.requestTemplates', integration.requestTemplates, call.input.requestTemplates),
            ]
          : [];
        steps.push({ ...base, action: !integration ? 'create' : changes.length > 0 ? 'update' : 'noop', operation: call.operation, input: { ...call.input }, changes });
        break;
      }
      case 'PutMethodResponse': {
        const existing = liveOf(call.input.httpMethod)?.methodResponses?.[call.input.statusCode ?? ""];
        const changes = existing ? mapChanges(`methodResponses.${call.input.statusCode}.responseParameters`, existing.responseParameters, call.input.responseParameters) : [];
        steps.push({ ...base, action: !existing ? 'create' : changes.length > 0 ? 'update' : 'noop', operation: call.operation, input: { ...call.input }, changes });
        break;
      }
      case 'PutIntegrationResponse': {
        const existing = liveOf(call.input.httpMethod)?.methodIntegration?.integrationResponses?.[call.input.statusCode ?? ""];
        const prefix = `integrationResponses.${call.input.statusCode}`;
        const changes = existing
          ? [
              ...valueChange(`${prefix}.selectionPattern`, existing.selectionPattern || undefined, call.input.selectionPattern),
              ...mapChanges(`${prefix}.responseTemplates`, existing.responseTemplates, call.input.responseTemplates),
              ...mapChanges(`${prefix}.responseParameters`, existing.responseParameters, call.input.responseParameters),
            ]
          : [];
        steps.push({ ...base, action: !existing ? 'create' : changes.length > 0 ? 'update' : 'noop', operation: call.operation, input: { ...call.input }, changes });
        break;
      }
      case 'PutGatewayResponse': {
        const existing = live.gatewayResponses[call.input.responseType ?? ''];
        const customized = existing !== undefined && existing.defaultResponse === false;
        const changes = customized ? mapChanges(`gatewayResponses.${call.input.responseType}.responseParameters`, existing.responseParameters, call.input.responseParameters) : [];
        steps.push({
          ...base,
          action: !customized ? 'create' : changes.length > 0 ? 'update' : 'noop',
          operation: call.operation,
          input: { ...call.input },
          ...(customized && changes.length === 0 ? { description: `Gateway response ${call.input.responseType} already carries the CORS headers` } : {}),
          changes,
        });
        break;
      }
      case 'CreateApiKey':
        steps.push(
          live.apiKey.keyId
            ? { ...base, action: 'noop', operation: call.operation, input: { ...call.input }, description: `API key ${call.input.name} exists`, changes: [] }
            : { ...base, action: 'create', operation: call.operation, input: { ...call.input }, changes: [] },
        );
        break;
      case 'CreateUsagePlan':
        if (!live.apiKey.usagePlanId) steps.push({ ...base, action: 'create', operation: call.operation, input: { ...call.input }, changes: [] });
        else if (!live.apiKey.coversStage) {
          steps.push({
            ...base,
            action: 'update',
            operation: 'UpdateUsagePlan',
            input: { usagePlanId: live.apiKey.usagePlanId, patchOperations: [{ op: 'add', path: '/apiStages', value: `${call.input.apiStages?.[0]?.apiId ?? ''}:${d.stageName}` }] },
            description: `Add stage ${d.stageName} to usage plan ${call.input.name}`,
            changes: [{ field: 'usagePlan.apiStages', before: undefined, after: d.stageName }],
          });
        } else steps.push({ ...base, action: 'noop', operation: call.operation, input: { ...call.input }, description: `Usage plan ${call.input.name} covers stage ${d.stageName}`, changes: [] });
        break;
      case 'CreateUsagePlanKey':
        steps.push(
          live.apiKey.hasKey
            ? { ...base, action: 'noop', operation: call.operation, input: { ...call.input }, description: 'The usage plan holds the API key', changes: [] }
            : {
                ...base,
                action: 'create',
                operation: call.operation,
                // Steps that already exist are not run, so refer to them by id instead of by their outputs.
                input: { ...call.input, ...(live.apiKey.usagePlanId ? { usagePlanId: live.apiKey.usagePlanId } : {}), ...(live.apiKey.keyId ? { keyId: live.apiKey.keyId } : {}) },
                changes: [],
              },
        );
        break;
      case 'CreateDeployment': {
        const apiWrites = steps.some((s) => s.service === 'apigateway' && s.action !== 'noop');
        const varChanges = live.stage.exists ? mapChanges('stage.variables', live.stage.variables, d.stageVariables) : [];
        const needed = apiWrites || !live.stage.exists || varChanges.length > 0;
        steps.push({
          ...base,
          action: needed ? (live.stage.exists ? 'update' : 'create') : 'noop',
          operation: call.operation,
          input: { ...call.input },
          description: needed ? call.description : `Stage ${d.stageName} already serves this configuration`,
          changes: varChanges,
        });
        break;
      }
    }
  }
  // A step that depends only on steps that are not run must not wait for them.
  const runIds = new Set(steps.filter((s) => s.action !== 'noop').map((s) => s.id));
  for (const s of steps) s.dependsOn = s.dependsOn.filter((dep) => runIds.has(dep));
  const warnings = await sharingWarnings(d, steps, live, users);
  return { steps, writes: steps.filter((s) => s.action !== 'noop').length, reads, live, problems, warnings };
}
