'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getActiveConnection } from '@/lib/aws/active';
import type { ApplyResult } from '@/lib/aws/apply';
import { type AwsClients, createClients } from '@/lib/aws/clients';
import type { Connection } from '@/lib/aws/connections';
import { type AwsErrorInfo, toAwsErrorInfo } from '@/lib/aws/errors';
import { deployedRecordOf, deployStoredDesign, otherResourceUsers, settleCrashedApply, type TeardownOutcome, teardownStoredDesign } from '@/lib/aws/deploy-design';
import { createJob, getJob, runningJobFor } from '@/lib/aws/jobs';
import { type Change, type PlanAction, planDesign } from '@/lib/aws/plan';
import { teardownItems } from '@/lib/aws/teardown';
import { type IntegrationDesign, validateDesign } from '@/lib/design';
import { diagnose } from '@/lib/doctor';
import { getDesign } from '@/lib/store';
import { DesignBusyError } from '@/lib/store/design-lock';
import { type DeploymentRecord, getDeployment } from '@/lib/store/deployments';
import { checkCaller } from './guard';
import { fail, ok, type ActionResult } from './result';

const designIdSchema = z.object({ designId: z.string().regex(/^[a-z2-9]{10}$/, 'Not a design id.') });
const applyInputSchema = designIdSchema.extend({ confirmFindings: z.boolean().optional() });

function doctorErrors(d: IntegrationDesign): { title: string; explanation: string }[] {
  return diagnose(d).filter((f) => f.severity === 'error').map((f) => ({ title: f.title, explanation: f.explanation }));
}

function destroy(c: AwsClients) {
  for (const x of [c.sqs, c.iam, c.sts, c.apigateway]) x.destroy();
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

async function loadValidDesign(input: unknown): Promise<Loaded> {
  const parsed = designIdSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: fail('invalid_input', 'Not a design id.') };
  const stored = getDesign(parsed.data.designId);
  if (!stored) return { ok: false, error: fail('not_found', 'This design does not exist (it may have been deleted).') };
  // The whole design is revalidated on the server before anything is created (docs/style.md "The wizard").
  const valid = validateDesign(stored.design);
  if (!valid.ok) {
    const fieldErrors: Record<string, string[]> = {};
    for (const e of valid.errors) (fieldErrors[e.path] ??= []).push(e.message);
    return { ok: false, error: fail('invalid_input', `The design has ${valid.errors.length} error${valid.errors.length === 1 ? '' : 's'}; fix them in the wizard before deploying.`, { fieldErrors }) };
  }
  return { ok: true, designId: parsed.data.designId, design: valid.design };
}

/** Reads the live state and lists the SDK calls an apply would make. Changes nothing. */
export async function planDeployAction(input: unknown): Promise<ActionResult<PlanView>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const loaded = await loadValidDesign(input);
  if (!loaded.ok) return loaded.error;
  const connection = await getActiveConnection();
  const clients = createClients(connection, loaded.design.region);
  try {
    await settleCrashedApply(loaded.designId, connection, clients);
    const record = getDeployment(loaded.designId, connection.id);
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
    destroy(clients);
  }
}

/** Starts an apply in the background and returns its job id; progress comes from getApplyJobAction. */
export async function startApplyAction(input: unknown): Promise<ActionResult<{ jobId: string }>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const loaded = await loadValidDesign(input);
  if (!loaded.ok) return loaded.error;
  const errors = doctorErrors(loaded.design);
  if (errors.length > 0 && applyInputSchema.safeParse(input).data?.confirmFindings !== true) {
    return fail('invalid_input', `The doctor finds ${errors.length} error${errors.length === 1 ? '' : 's'} in this design (${errors.map((e) => e.title).join('; ')}). Fix ${errors.length === 1 ? 'it' : 'them'} in the wizard, or confirm to apply anyway.`);
  }
  const connection = await getActiveConnection();
  const running = runningJobFor(loaded.designId, connection.id);
  if (running) return ok({ jobId: running.id });
  const job = createJob(loaded.designId, connection.id);
  const { design, designId } = loaded;
  void (async () => {
    const clients = createClients(connection, design.region);
    try {
      // Plan again on the server: an apply never trusts a plan the browser has seen.
      const outcome = await deployStoredDesign(designId, design, connection, clients, (e) => job.events.push({ ...e, at: Date.now() }));
      if (outcome.kind === 'problems') throw new Error(outcome.problems.join(' '));
      job.result = outcome.result;
      job.status = outcome.result.ok ? 'succeeded' : 'failed';
    } catch (err) {
      job.status = 'failed';
      job.crash = toAwsErrorInfo(err).message;
    } finally {
      destroy(clients);
    }
  })();
  return ok({ jobId: job.id });
}

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

export async function getApplyJobAction(input: unknown): Promise<ActionResult<JobView>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const parsed = z.object({ jobId: z.uuid() }).safeParse(input);
  if (!parsed.success) return fail('invalid_input', 'Not a job id.');
  const job = getJob(parsed.data.jobId);
  if (!job) return fail('not_found', 'This apply is no longer known to the server (it restarted or the job is over an hour old).');
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
    const stored = getDesign(job.designId);
    if (stored) findings = diagnose(stored.design).filter((f) => f.severity === 'error').map((f) => ({ id: f.id, title: f.title, explanation: f.explanation }));
  }
  if (job.status !== 'running') revalidatePath('/integrations');
  return ok({
    status: job.status,
    elapsedMs: (job.result ? job.result.wallMs : Date.now() - job.startedAt),
    steps: [...steps.values()],
    rollback,
    ...(job.result ? { result: { outputs: job.result.outputs, calls: job.result.calls, wallMs: job.result.wallMs, ...(job.result.failed ? { failed: job.result.failed } : {}) } } : {}),
    findings,
    ...(job.crash ? { crash: job.crash } : {}),
  });
}

type LoadedDeployment = { ok: true; designId: string; connection: Connection; record: DeploymentRecord } | { ok: false; error: ActionResult<never> };

/** The caller check, input parsing and deployment lookup that both teardown actions start with. */
async function loadDeployment(input: unknown): Promise<LoadedDeployment> {
  const denied = await checkCaller();
  if (denied) return { ok: false, error: denied };
  const parsed = designIdSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: fail('invalid_input', 'Not a design id.') };
  const connection = await getActiveConnection();
  const record = getDeployment(parsed.data.designId, connection.id);
  if (!record) return { ok: false, error: fail('not_found', `This design has not been deployed on ${connection.name}.`) };
  return { ok: true, designId: parsed.data.designId, connection, record };
}

/** What tearing the design down on the active connection would delete. */
export async function teardownPreviewAction(input: unknown): Promise<ActionResult<{ items: string[] }>> {
  const loaded = await loadDeployment(input);
  if (!loaded.ok) return loaded.error;
  return ok({ items: teardownItems(loaded.record.created).map((i) => i.description) });
}

export async function teardownAction(input: unknown): Promise<ActionResult<{ results: { description: string; ok: boolean; error?: AwsErrorInfo }[] }>> {
  const loaded = await loadDeployment(input);
  if (!loaded.ok) return loaded.error;
  const clients = createClients(loaded.connection);
  let outcome: TeardownOutcome;
  try {
    outcome = await teardownStoredDesign(loaded.designId, loaded.connection, clients);
  } catch (err) {
    if (err instanceof DesignBusyError) return fail('conflict', err.message);
    throw err;
  } finally {
    destroy(clients);
  }
  revalidatePath('/integrations');
  if (outcome.kind === 'not_deployed') return fail('not_found', `This design has not been deployed on ${loaded.connection.name}.`);
  return ok({ results: outcome.results });
}
