'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { furthestValidStep } from '@/lib/design/wizard-steps';
import { createPresetDesign, DESIGN_NAME_MAX, namesInUse, PRESET_IDS, uniqueResourceNames, withResourceNames, type FieldError, type IntegrationDesign } from '@/lib/design';
import { createDesign, deleteDesign, duplicateDesign, getDesign, listStoredDesigns, parseDesignDraft, updateDesign } from '@/lib/store';
import { authorizedAction } from './authorized';
import { designIdSchema } from './ids';
import { fail, ok, type ActionResult } from './result';

function fieldErrorMap(errors: readonly FieldError[]): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const e of errors) (map[e.path] ??= []).push(e.message);
  return map;
}


/** Queue, role and API names the stored designs use: a new design gets names of its own. */
async function takenNames(): Promise<string[]> {
  return (await listStoredDesigns()).flatMap((s) => namesInUse(s.design));
}

/** Creates a design from a preset and opens the wizard on its first step; its resource names are its own. */
export const createDesignAction = authorizedAction(
  { role: 'tester', audit: 'design.create', input: z.enum(PRESET_IDS, { error: (issue) => `Unknown preset "${String(issue.input)}".` }) },
  async (presetId): Promise<ActionResult<never>> => {
    const names = uniqueResourceNames('orders', await takenNames(), { fifo: presetId === 'fifo' });
    const created = await createDesign(createPresetDesign(presetId, { queueName: names.queueName, roleName: names.roleName, apiName: names.apiName }), furthestValidStep([]));
    revalidatePath('/designs');
    redirect(`/designs/${created.id}/queue`);
  },
);

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
export const saveDesignAction = authorizedAction({ role: 'tester', audit: 'design.save', input: saveInputSchema, invalid: 'Save request is malformed.' }, async (input): Promise<ActionResult<SaveDesignData>> => {
  const draft = parseDesignDraft(input.design);
  if (!draft.ok) return fail('invalid_input', draft.message);
  // A name past the limit is never stored (the field stops typing at it): it would be listed everywhere.
  if (draft.design.name.length > DESIGN_NAME_MAX) {
    return fail('invalid_input', `Design name must be at most ${DESIGN_NAME_MAX} characters.`, { fieldErrors: { name: [`Design name must be at most ${DESIGN_NAME_MAX} characters.`] } });
  }
  const furthestStep = furthestValidStep(draft.errors);
  const result = await updateDesign(input.id, draft.design, input.expectedVersion, furthestStep);
  if (!result.ok) {
    if (result.reason === 'not_found') return fail('not_found', 'This design no longer exists; it may have been deleted in another tab.');
    return fail('conflict', 'Another tab saved this design after you opened it.');
  }
  return ok({ version: result.version, updatedAt: result.updatedAt, furthestStep, fieldErrors: fieldErrorMap(draft.errors) });
});

export type LoadedDesign = { design: IntegrationDesign; version: number; updatedAt: string };

/** The stored design and its version, for resolving a save conflict. */
export const loadDesignAction = authorizedAction({ role: 'viewer', input: designIdSchema }, async (id): Promise<ActionResult<LoadedDesign>> => {
  const stored = await getDesign(id);
  if (!stored) return fail('not_found', 'That design no longer exists.');
  return ok({ design: stored.design, version: stored.version, updatedAt: stored.updatedAt });
});

export const duplicateDesignAction = authorizedAction({ role: 'tester', audit: 'design.duplicate', input: designIdSchema }, async (id): Promise<ActionResult<{ id: string }>> => {
  const taken = await takenNames();
  const copy = await duplicateDesign(id, undefined, (d) => withResourceNames(d, uniqueResourceNames(d.queue.name.replace(/\.fifo$/, '').replace(/-\d+$/, ''), taken, { fifo: d.queue.fifo })));
  if (!copy) return fail('not_found', 'That design no longer exists.');
  revalidatePath('/designs');
  return ok({ id: copy.id });
});

export const deleteDesignAction = authorizedAction({ role: 'tester', audit: 'design.delete', input: designIdSchema }, async (id): Promise<ActionResult<{ id: string }>> => {
  if (!(await deleteDesign(id))) return fail('not_found', 'That design was already deleted.');
  revalidatePath('/designs');
  return ok({ id });
});
