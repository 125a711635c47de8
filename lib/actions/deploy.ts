'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getActiveConnection } from '@/lib/aws/active';
import type { ApplyResult } from '@/lib/aws/apply';
import { createClients, destroyClients } from '@/lib/aws/clients';
import type { Connection } from '@/lib/aws/connections';
import { type AwsErrorInfo, toAwsErrorInfo } from '@/lib/aws/errors';
import { deployedRecordOf, deployStoredDesign, otherResourceUsers, settleCrashedApply, type TeardownOutcome, teardownStoredDesign } from '@/lib/aws/deploy-design';
import { getJob, type JobOutcome, startJob } from '@/lib/aws/jobs';
import { type Change, type Plan, type PlanAction, planDesign } from '@/lib/aws/plan';
import { parseQueueUrl } from '@/lib/aws/test-send';
import type { Caller } from '@/lib/auth/roles';
import { addAuditEntry } from '@/lib/store/audit';
import { teardownItems } from '@/lib/aws/teardown';
import { type IntegrationDesign, validateDesign } from '@/lib/design';
import { diagnose } from '@/lib/doctor';
import { getDesign } from '@/lib/store';
import { DesignBusyError } from '@/lib/store/design-lock';
import { type DeploymentRecord, getDeployment } from '@/lib/store/deployments';
import { authorizedAction } from './authorized';
import { designIdSchema } from './ids';
import { fail, ok, type ActionResult } from './result';

const designInputSchema = z.object({ designId: designIdSchema });
const applyInputSchema = designInputSchema.extend({ confirmFindings: z.boolean().optional() });

function doctorErrors(d: IntegrationDesign): { title: string; explanation: string }[] {
  return diagnose(d).filter((f) => f.severity === 'error').map((f) => ({ title: f.title, explanation: f.explanation }));
}

export type PlanView = {
  connectionName: string;
  steps: { id: string; action: PlanAction; service: string; operation: string; description: string; changes: Change[]; input: string }[];
  writes: number;
  reads: number;
  problems: string[];
  /** Changes to a queue, role or API something else uses too. */
  warnings: string[];
  /** The doctor's error findings: apply asks to confirm while there are any. */
  findings: { title: string; explanation: string }[];
  deployed?: Pick<DeploymentRecord, 'invokeUrl' | 'deploymentId' | 'deployedAt' | 'restApiId'>;
};

type Loaded = { ok: true; designId: string; design: IntegrationDesign } | { ok: false; error: ActionResult<never> };

async function loadValidDesign(designId: string): Promise<Loaded> {
  const stored = await getDesign(designId);
  if (!stored) return { ok: false, error: fail('not_found', 'This design does not exist (it may have been deleted).') };
  // The whole design is revalidated on the server before anything is created (docs/style.md "The wizard").
  const valid = validateDesign(stored.design);
  if (!valid.ok) {
    const fieldErrors: Record<string, string[]> = {};
    for (const e of valid.errors) (fieldErrors[e.path] ??= []).push(e.message);
    return { ok: false, error: fail('invalid_input', `The design has ${valid.errors.length} error${valid.errors.length === 1 ? '' : 's'}; fix them in the wizard before deploying.`, { fieldErrors }) };
  }
  return { ok: true, designId, design: valid.design };
}

/** Reads the live state and lists the SDK calls an apply would make. Changes nothing. */
export const planDeployAction = authorizedAction({ role: 'viewer', input: designInputSchema }, async ({ designId }): Promise<ActionResult<PlanView>> => {
  const loaded = await loadValidDesign(designId);
  if (!loaded.ok) return loaded.error;
  const connection = await getActiveConnection();
  const clients = createClients(connection, loaded.design.region);
  try {
    // What a crashed apply left pending is looked up first, so the plan adopts it (lib/aws/deploy-design.ts).
    await settleCrashedApply(loaded.designId, connection, clients);
    const record = await getDeployment(loaded.designId, connection.id);
    const plan = await planDesign(loaded.design, clients, deployedRecordOf(record), otherResourceUsers(loaded.designId, connection, clients));
    return ok({
      connectionName: connection.name,
      steps: plan.steps.map((s) => ({ id: s.id, action: s.action, service: s.service, operation: s.operation, description: s.description, changes: s.changes, input: JSON.stringify(s.input, null, 2) })),
      writes: plan.writes,
      reads: plan.reads,
      problems: plan.problems,
      warnings: plan.warnings,
      findings: doctorErrors(loaded.design),
      ...(record ? { deployed: { ...(record.invokeUrl ? { invokeUrl: record.invokeUrl } : {}), ...(record.deploymentId ? { deploymentId: record.deploymentId } : {}), ...(record.restApiId ? { restApiId: record.restApiId } : {}), ...(record.deployedAt ? { deployedAt: record.deployedAt } : {}) } } : {}),
    });
  } catch (err) {
    const info = toAwsErrorInfo(err);
    return fail('aws_error', `Could not read the live state on ${connection.name}: ${info.message}`, { awsError: { name: info.name, message: info.message } });
  } finally {
    destroyClients(clients);
  }
});

/** Production accounts can be marked read-only in connections.json: nothing is applied or torn down there. */
function refuseReadOnly(connection: Connection, what: 'apply' | 'teardown'): ActionResult<never> | undefined {
  if (connection.kind === 'sandbox' || !connection.readOnly) return undefined;
  return fail('forbidden', `${connection.name} is marked read-only (readOnly in connections.json), so this console does not ${what === 'apply' ? 'apply designs' : 'tear down'} there.`);
}

/** The audit entry of a finished apply: the plan's writes as a summary and the SDK calls the apply made. */
async function auditApply(caller: Caller, connection: Connection, designId: string, plan: Plan, result: ApplyResult): Promise<void> {
  const writes = plan.steps.filter((s) => s.action !== 'noop');
  const accountId = result.outputs.queueUrl ? parseQueueUrl(result.outputs.queueUrl)?.accountId : undefined;
  await addAuditEntry({
    actor: { id: caller.id, name: caller.name, role: caller.role },
    action: 'apply',
    connectionId: connection.id,
    connectionName: connection.name,
    ...(accountId ? { accountId } : {}),
    designId,
    summary: `${writes.length} change${writes.length === 1 ? '' : 's'} planned: ${writes.map((s) => s.description).join('; ') || 'none'}`,
    calls: [...result.steps.filter((s) => s.status === 'done' || s.status === 'failed').map((s) => `${writes.find((w) => w.id === s.stepId)?.operation ?? s.stepId} (${s.status}${s.requestId ? `, request ${s.requestId}` : ''})`), ...result.rolledBack.map((r) => `rollback: ${r.description} (${r.ok ? 'done' : 'failed'})`)],
    result: result.ok ? 'succeeded' : 'failed',
    ...(result.failed ? { message: `${result.failed.description}: ${result.failed.error.name}: ${result.failed.error.message}` } : {}),
  }).catch((err: unknown) => console.error('Could not write the audit entry of an apply:', err));
}

/** Starts an apply in the background and returns its job id; progress comes from getApplyJobAction. */
export const startApplyAction = authorizedAction({ role: 'operator', audit: 'apply.start', input: applyInputSchema }, async ({ designId: id, confirmFindings }, { caller, audit }): Promise<ActionResult<{ jobId: string }>> => {
  const connection = await getActiveConnection();
  Object.assign(audit, { connectionId: connection.id, connectionName: connection.name });
  const readOnly = refuseReadOnly(connection, 'apply');
  if (readOnly) return readOnly;
  const loaded = await loadValidDesign(id);
  if (!loaded.ok) return loaded.error;
  const errors = doctorErrors(loaded.design);
  if (errors.length > 0 && confirmFindings !== true) {
    return fail('invalid_input', `The doctor finds ${errors.length} error${errors.length === 1 ? '' : 's'} in this design (${errors.map((e) => e.title).join('; ')}). Fix ${errors.length === 1 ? 'it' : 'them'} in the wizard, or confirm to apply anyway.`);
  }
  const { design, designId } = loaded;
  const started = await startJob({ kind: 'apply', designId, connectionId: connection.id, startedBy: caller.name }, async (progress): Promise<JobOutcome> => {
    const clients = createClients(connection, design.region);
    try {
      // Plan again on the server: an apply never trusts a plan the browser has seen.
      const outcome = await deployStoredDesign(designId, design, connection, clients, progress.event);
      if (outcome.kind === 'problems') return { status: 'failed', crash: outcome.problems.join(' ') };
      await auditApply(caller, connection, designId, outcome.plan, outcome.result);
      return { status: outcome.result.ok ? 'succeeded' : 'failed', result: outcome.result };
    } catch (err) {
      return { status: 'failed', crash: toAwsErrorInfo(err).message };
    } finally {
      destroyClients(clients);
    }
  });
  if (started.kind === 'started') audit.summary = `Apply started (job ${started.job.id})`;
  if (started.kind === 'locked') return fail('conflict', 'Another console instance is applying or tearing down this design right now; wait for it to finish.');
  return ok({ jobId: started.job.id });
});

/** The part of an ApplyResult the job view shows, as read back from the job row. */
const storedResultSchema = z.object({
  outputs: z.object({ queueUrl: z.string().optional(), roleArn: z.string().optional(), restApiId: z.string().optional(), resourceId: z.string().optional(), deploymentId: z.string().optional(), stageName: z.string(), invokeUrl: z.string().optional() }),
  calls: z.number(),
  wallMs: z.number(),
  failed: z.object({ stepId: z.string(), description: z.string(), error: z.object({ name: z.string(), message: z.string(), requestId: z.string().optional(), httpStatus: z.number().optional() }) }).optional(),
});

export type JobView = {
  status: 'running' | 'succeeded' | 'failed';
  elapsedMs: number;
  steps: { stepId: string; description: string; status: string; elapsedMs: number; requestId?: string; message?: string }[];
  rollback: { description: string; status: string; message?: string }[];
  result?: Pick<ApplyResult, 'outputs' | 'calls' | 'wallMs'> & { failed?: { stepId: string; description: string; error: AwsErrorInfo } };
  /** Doctor findings (errors) of the design, shown with a failed step. */
  findings: { id: string; title: string; explanation: string }[];
  crash?: string;
};

export const getApplyJobAction = authorizedAction({ role: 'viewer', input: z.object({ jobId: z.uuid() }), invalid: 'Not a job id.' }, async ({ jobId }): Promise<ActionResult<JobView>> => {
  const job = await getJob(jobId);
  if (!job) return fail('not_found', 'No apply with this id is recorded in the console database.');
  const stored = storedResultSchema.safeParse(job.result);
  const result = stored.success ? stored.data : undefined;
  const steps = new Map<string, JobView['steps'][number]>();
  const rollback: JobView['rollback'] = [];
  for (const e of job.events) {
    if (e.kind === 'step') steps.set(e.stepId, { stepId: e.stepId, description: e.description, status: e.status, elapsedMs: e.elapsedMs, ...(e.requestId ? { requestId: e.requestId } : {}), ...(e.message ? { message: e.message } : {}) });
    else {
      const existing = rollback.find((r) => r.description === e.description);
      if (existing) Object.assign(existing, { status: e.status, ...(e.message ? { message: e.message } : {}) });
      else rollback.push({ description: e.description, status: e.status, ...(e.message ? { message: e.message } : {}) });
    }
  }
  let findings: JobView['findings'] = [];
  if (job.status === 'failed') {
    const design = await getDesign(job.designId);
    if (design) findings = diagnose(design.design).filter((f) => f.severity === 'error').map((f) => ({ id: f.id, title: f.title, explanation: f.explanation }));
  }
  if (job.status !== 'running') revalidatePath('/integrations');
  return ok({
    status: job.status,
    elapsedMs: result ? result.wallMs : (job.finishedAt ?? Date.now()) - job.startedAt,
    steps: [...steps.values()],
    rollback,
    ...(result ? { result: { outputs: result.outputs, calls: result.calls, wallMs: result.wallMs, ...(result.failed ? { failed: result.failed } : {}) } } : {}),
    findings,
    ...(job.crash ? { crash: job.crash } : {}),
  });
});

type LoadedDeployment = { ok: true; designId: string; connection: Connection; record: DeploymentRecord } | { ok: false; error: ActionResult<never> };

/** The deployment lookup that both teardown actions start with. */
async function loadDeployment(designId: string): Promise<LoadedDeployment> {
  const connection = await getActiveConnection();
  const record = await getDeployment(designId, connection.id);
  if (!record) return { ok: false, error: fail('not_found', `This design has not been deployed on ${connection.name}.`) };
  return { ok: true, designId, connection, record };
}

/** What tearing the design down on the active connection would delete. */
export const teardownPreviewAction = authorizedAction({ role: 'viewer', input: designInputSchema }, async ({ designId }): Promise<ActionResult<{ items: string[] }>> => {
  const loaded = await loadDeployment(designId);
  if (!loaded.ok) return loaded.error;
  return ok({ items: teardownItems(loaded.record.created).map((i) => i.description) });
});

type TeardownResults = { description: string; ok: boolean; error?: AwsErrorInfo }[];

/** Tears down as a job too, so that it holds the design's lock: no apply or other teardown of it runs meanwhile. */
export const teardownAction = authorizedAction({ role: 'operator', audit: 'teardown', input: designInputSchema }, async ({ designId }, { caller, audit }): Promise<ActionResult<{ results: TeardownResults }>> => {
  const loaded = await loadDeployment(designId);
  if (!loaded.ok) return loaded.error;
  const { connection, record } = loaded;
  const accountId = record.queueUrl ? parseQueueUrl(record.queueUrl)?.accountId : undefined;
  Object.assign(audit, { connectionId: connection.id, connectionName: connection.name, ...(accountId ? { accountId } : {}) });
  const readOnly = refuseReadOnly(connection, 'teardown');
  if (readOnly) return readOnly;
  let results: TeardownResults = [];
  let notDeployed = false;
  const started = await startJob({ kind: 'teardown', designId, connectionId: connection.id, startedBy: caller.name }, async (progress): Promise<JobOutcome> => {
    const clients = createClients(connection);
    try {
      let outcome: TeardownOutcome;
      try {
        outcome = await teardownStoredDesign(designId, connection, clients);
      } catch (err) {
        if (err instanceof DesignBusyError) return { status: 'failed', crash: err.message };
        throw err;
      }
      if (outcome.kind === 'not_deployed') {
        notDeployed = true;
        return { status: 'failed', crash: `This design has not been deployed on ${connection.name}.` };
      }
      results = outcome.results;
      for (const r of results) progress.event({ kind: 'step', stepId: r.description, description: r.description, status: r.ok ? 'done' : 'failed', elapsedMs: 0, ...(r.error ? { message: `${r.error.name}: ${r.error.message}` } : {}) });
      return { status: results.every((r) => r.ok) ? 'succeeded' : 'failed', result: { results } };
    } finally {
      destroyClients(clients);
    }
  });
  if (started.kind !== 'started') return fail('conflict', started.kind === 'running' ? `This design is being ${started.job.kind === 'apply' ? 'applied' : 'torn down'} right now (started by ${started.job.startedBy}); wait for it to finish.` : 'Another console instance is applying or tearing down this design right now; wait for it to finish.');
  await started.done;
  if (notDeployed) return fail('not_found', `This design has not been deployed on ${connection.name}.`);
  Object.assign(audit, { summary: `Deleted ${results.filter((r) => r.ok).length} of ${results.length} resources`, calls: results.map((r) => `${r.description} (${r.ok ? 'done' : `failed: ${r.error?.name ?? 'error'}`})`) });
  revalidatePath('/integrations');
  return ok({ results });
});
