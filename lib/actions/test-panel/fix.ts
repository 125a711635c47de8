'use server';

import { z } from 'zod';
import { furthestValidStep } from '@/lib/design/wizard-steps';
import { sendRequestSchema } from '@/lib/test-panel/request';
import { getActiveConnection } from '@/lib/aws/active';
import { createClients } from '@/lib/aws/clients';
import { type DeployOutcome, deployStoredDesign } from '@/lib/aws/deploy-design';
import { toAwsErrorInfo } from '@/lib/aws/errors';
import { type JobOutcome, runningJobFor, startJob } from '@/lib/aws/jobs';
import { validateDesign } from '@/lib/design';
import { applyFix, diagnose } from '@/lib/doctor';
import { getDesign, updateDesign } from '@/lib/store';
import { authorizedAction } from '../authorized';
import { designIdSchema } from '../ids';
import { fail, ok, type ActionResult } from '../result';
import { destroy, resolveTarget, sendAndRecord, sentSample, type SendView } from './shared';

const fixInputSchema = z.object({
  designId: designIdSchema,
  ruleId: z.string().min(1).max(64),
  kind: z.enum(['test-invoke', 'invoke-url']),
  request: sendRequestSchema,
  apiKey: z.string().max(256).optional(),
});

export type FixAndResendView = { fixDescription: string; version: number; apply: { ok: boolean; calls: number; wallMs: number; failed?: string }; send?: SendView };

/**
 * Sandbox only: applies the doctor's fix to the stored design (with the version check), re-applies and redeploys it
 * on the sandbox, then sends the same request again.
 */
export const fixAndResendAction = authorizedAction({ role: 'tester', audit: 'test.fix-and-resend', input: fixInputSchema, invalid: 'The fix request is not valid.' }, async (input, { caller }): Promise<ActionResult<FixAndResendView>> => {
  const { designId, ruleId } = input;
  const connection = await getActiveConnection();
  if (connection.kind !== 'sandbox') return fail('forbidden', 'Fix and resend changes resources, so it runs only on the built-in sandbox; apply the fix in the wizard and deploy.');
  const stored = await getDesign(designId);
  if (!stored) return fail('not_found', 'This design does not exist (it may have been deleted).');
  const finding = diagnose(stored.design, sentSample(input.request)).find((f) => f.id === ruleId && f.fix);
  if (!finding?.fix) return fail('not_found', 'The doctor no longer sees this problem in the design, or has no fix for it.');
  const valid = validateDesign(applyFix(stored.design, finding.fix));
  if (!valid.ok) return fail('invalid_input', `The fixed design does not validate: ${valid.errors.map((e) => `${e.path}: ${e.message}`).join(' ')}`);
  if (await runningJobFor(designId, connection.id)) return fail('conflict', 'This design is being applied right now; try again when it is done.');
  const saved = await updateDesign(designId, valid.design, stored.version, furthestValidStep([]));
  if (!saved.ok) return fail(saved.reason === 'not_found' ? 'not_found' : 'conflict', saved.reason === 'not_found' ? 'This design was deleted.' : 'The design was changed elsewhere since this page loaded; reload and try again.');

  const design = valid.design;
  // The re-apply is a job like any other, so that it holds the design's lock.
  let outcome: DeployOutcome | undefined;
  let crash: ReturnType<typeof toAwsErrorInfo> | undefined;
  const started = await startJob({ kind: 'apply', designId, connectionId: connection.id, startedBy: caller.name }, async (progress): Promise<JobOutcome> => {
    const clients = createClients(connection, design.region);
    try {
      outcome = await deployStoredDesign(designId, design, connection, clients, progress.event);
      if (outcome.kind === 'problems') return { status: 'failed', crash: outcome.problems.join(' ') };
      return { status: outcome.result.ok ? 'succeeded' : 'failed', result: outcome.result };
    } catch (err) {
      crash = toAwsErrorInfo(err);
      return { status: 'failed', crash: crash.message };
    } finally {
      destroy(clients);
    }
  });
  if (started.kind !== 'started') return fail('conflict', 'This design is being applied right now; try again when it is done.');
  await started.done;
  if (crash || !outcome) return fail('aws_error', `The fix was saved, but applying it failed: ${crash?.message ?? 'the apply stopped'}`, crash ? { awsError: { name: crash.name, message: crash.message } } : {});
  if (outcome.kind === 'problems') return fail('conflict', `Cannot apply the fixed design: ${outcome.problems.join(' ')}`);
  const result = outcome.result;
  const apply: FixAndResendView['apply'] = { ok: result.ok, calls: result.calls, wallMs: result.wallMs, ...(result.failed ? { failed: `${result.failed.description}: ${result.failed.error.name}: ${result.failed.error.message}` } : {}) };
  const view: FixAndResendView = { fixDescription: finding.fix.description, version: saved.version, apply };
  if (!apply.ok) return ok(view);
  const resolved = await resolveTarget({ kind: 'design', designId });
  if (!resolved.ok) return resolved.error;
  try {
    const sent = await sendAndRecord(resolved.value, input.kind, input.request, { ...(input.apiKey ? { apiKey: input.apiKey } : {}), deliveryCheck: true });
    return sent.ok ? ok({ ...view, send: sent.data }) : sent;
  } finally {
    destroy(resolved.value);
  }
});
