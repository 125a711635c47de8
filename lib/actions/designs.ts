'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { furthestValidStep } from '@/lib/design/wizard-steps';
import { createPresetDesign, DESIGN_NAME_MAX, namesInUse, PRESET_IDS, uniqueResourceNames, withResourceNames, type FieldError, type IntegrationDesign } from '@/lib/design';
import { createDesign, deleteDesign, duplicateDesign, getDesign, listStoredDesigns, parseDesignDraft, updateDesign } from '@/lib/store';
import { checkCaller } from './guard';
import { fail, ok, type ActionResult } from './result';

const designIdSchema = z.string().regex(/^[a-z2-9]{10}$/, 'Not a design id.');

function fieldErrorMap(errors: readonly FieldError[]): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const e of errors) (map[e.path] ??= []).push(e.message);
  return map;
}

/** Queue, role and API names the stored designs use: a new design gets names of its own. */
function takenNames(): string[] {
  return listStoredDesigns().flatMap((s) => namesInUse(s.design));
}

/** Creates a design from a preset and opens the wizard on its first step. */
export async function createDesignAction(presetId: string): Promise<ActionResult<never>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const parsed = z.enum(PRESET_IDS).safeParse(presetId);
  if (!parsed.success) return fail('invalid_input', `Unknown preset "${presetId}".`);
  const names = uniqueResourceNames('orders', takenNames(), { fifo: parsed.data === 'fifo' });
  const created = createDesign(createPresetDesign(parsed.data, { queueName: names.queueName, roleName: names.roleName, apiName: names.apiName }), furthestValidStep([]));
  revalidatePath('/designs');
  redirect(`/designs/${created.id}/queue`);
}

const saveInputSchema = z.object({
  id: designIdSchema,
  design: z.unknown(),
  expectedVersion: z.number().int().min(1),
});

export type SaveDesignData = {
  version: number;
  updatedAt: string;
  furthestStep: string;
  /** Validation errors of the saved draft (empty when valid); the draft is stored either way. */
  fieldErrors: Record<string, string[]>;
};

/**
 * Saves a draft. Invalid drafts are stored too (autosave must never lose typing) and their field errors returned
 * with `ok: true`; `invalid_input` is for input that is not a design at all. On `conflict` the client offers
 * "reload theirs" (loadDesignAction) or "overwrite with mine" (save again with the version loadDesignAction gave).
 */
export async function saveDesignAction(input: unknown): Promise<ActionResult<SaveDesignData>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const parsed = saveInputSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', 'Save request is malformed.');
  const draft = parseDesignDraft(parsed.data.design);
  if (!draft.ok) return fail('invalid_input', draft.message);
  // A name past the limit is never stored (the field stops typing at it): it would be listed everywhere.
  if (draft.design.name.length > DESIGN_NAME_MAX) {
    return fail('invalid_input', `Design name must be at most ${DESIGN_NAME_MAX} characters.`, { fieldErrors: { name: [`Design name must be at most ${DESIGN_NAME_MAX} characters.`] } });
  }
  const furthestStep = furthestValidStep(draft.errors);
  const result = updateDesign(parsed.data.id, draft.design, parsed.data.expectedVersion, furthestStep);
  if (!result.ok) {
    if (result.reason === 'not_found') return fail('not_found', 'This design no longer exists; it may have been deleted in another tab.');
    return fail('conflict', 'Another tab saved this design after you opened it.');
  }
  return ok({ version: result.version, updatedAt: result.updatedAt, furthestStep, fieldErrors: fieldErrorMap(draft.errors) });
}

export type LoadedDesign = { design: IntegrationDesign; version: number; updatedAt: string };

/** The stored design and its version, for resolving a save conflict. */
export async function loadDesignAction(id: string): Promise<ActionResult<LoadedDesign>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const parsed = designIdSchema.safeParse(id);
  if (!parsed.success) return fail('invalid_input', 'Not a design id.');
  const stored = getDesign(parsed.data);
  if (!stored) return fail('not_found', 'That design no longer exists.');
  return ok({ design: stored.design, version: stored.version, updatedAt: stored.updatedAt });
}

export async function duplicateDesignAction(id: string): Promise<ActionResult<{ id: string }>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const parsed = designIdSchema.safeParse(id);
  if (!parsed.success) return fail('invalid_input', 'Not a design id.');
  const taken = takenNames();
  const copy = duplicateDesign(parsed.data, undefined, (d) => withResourceNames(d, uniqueResourceNames(d.queue.name.replace(/\.fifo$/, '').replace(/-\d+$/, ''), taken, { fifo: d.queue.fifo })));
  if (!copy) return fail('not_found', 'That design no longer exists.');
  revalidatePath('/designs');
  return ok({ id: copy.id });
}

export async function deleteDesignAction(id: string): Promise<ActionResult<{ id: string }>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const parsed = designIdSchema.safeParse(id);
  if (!parsed.success) return fail('invalid_input', 'Not a design id.');
  if (!deleteDesign(parsed.data)) return fail('not_found', 'That design was already deleted.');
  revalidatePath('/designs');
  return ok({ id: parsed.data });
}
