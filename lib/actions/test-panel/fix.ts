'use server';

import { z } from 'zod';
import { furthestValidStep } from '@/lib/design/wizard-steps';
import { sendRequestSchema } from '@/lib/test-panel/request';
import { getActiveConnection } from '@/lib/aws/active';
import { createClients } from '@/lib/aws/clients';
import { deployStoredDesign } from '@/lib/aws/deploy-design';
import { toAwsErrorInfo } from '@/lib/aws/errors';
import { runningJobFor } from '@/lib/aws/jobs';
import { validateDesign } from '@/lib/design';
import { applyFix, diagnose } from '@/lib/doctor';
import { getDesign, updateDesign } from '@/lib/store';
import { checkCaller } from '../guard';
import { fail, ok, type ActionResult } from '../result';
import { destroy, resolveTarget, sendAndRecord, sentSample, type SendView } from './shared';

const fixInputSchema = z.object({
  designId: z.string().regex(/^[a-z2-9]{10}$/),
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
export async function fixAndResendAction(input: unknown): Promise<ActionResult<FixAndResendView>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const parsed = fixInputSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', 'The fix request is not valid.');
  const { designId, ruleId } = parsed.data;
  const connection = await getActiveConnection();
  if (connection.kind !== 'sandbox') return fail('forbidden', 'Fix and resend changes resources, so it runs only on the built-in sandbox; apply the fix in the wizard and deploy.');
  const stored = getDesign(designId);
  if (!stored) return fail('not_found', 'This design does not exist (it may have been deleted).');
  const finding = diagnose(stored.design, sentSample(parsed.data.request)).find((f) => f.id === ruleId && f.fix);
  if (!finding?.fix) return fail('not_found', 'The doctor no longer sees this problem in the design, or has no fix for it.');
  const valid = validateDesign(applyFix(stored.design, finding.fix));
  if (!valid.ok) return fail('invalid_input', `The fixed design does not validate: ${valid.errors.map((e) => `${e.path}: ${e.message}`).join(' ')}`);
  if (runningJobFor(designId, connection.id)) return fail('conflict', 'This design is being applied right now; try again when it is done.');
  const saved = updateDesign(designId, valid.design, stored.version, furthestValidStep([]));
  if (!saved.ok) return fail(saved.reason === 'not_found' ? 'not_found' : 'conflict', saved.reason === 'not_found' ? 'This design was deleted.' : 'The design was changed elsewhere since this page loaded; reload and try again.');

  const design = valid.design;
  const clients = createClients(connection, design.region);
  let apply: FixAndResendView['apply'];
  try {
    const outcome = await deployStoredDesign(designId, design, connection, clients);
    if (outcome.kind === 'problems') return fail('conflict', `Cannot apply the fixed design: ${outcome.problems.join(' ')}`);
    const result = outcome.result;
    apply = { ok: result.ok, calls: result.calls, wallMs: result.wallMs, ...(result.failed ? { failed: `${result.failed.description}: ${result.failed.error.name}: ${result.failed.error.message}` } : {}) };
  } catch (err) {
    const info = toAwsErrorInfo(err);
    return fail('aws_error', `The fix was saved, but applying it failed: ${info.message}`, { awsError: { name: info.name, message: info.message } });
  } finally {
    destroy(clients);
  }
  const view: FixAndResendView = { fixDescription: finding.fix.description, version: saved.version, apply };
  if (!apply.ok) return ok(view);
  const resolved = await resolveTarget({ kind: 'design', designId });
  if (!resolved.ok) return resolved.error;
  try {
    const sent = await sendAndRecord(resolved.value, parsed.data.kind, parsed.data.request, { ...(parsed.data.apiKey ? { apiKey: parsed.data.apiKey } : {}), deliveryCheck: true });
    return sent.ok ? ok({ ...view, send: sent.data }) : sent;
  } finally {
    destroy(resolved.value);
  }
}
