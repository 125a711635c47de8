'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { furthestValidStep } from '@/lib/design/wizard-steps';
import { getActiveConnection } from '@/lib/aws/active';
import { adoptLiveMethod } from '@/lib/aws/adopt';
import { toAwsErrorInfo } from '@/lib/aws/errors';
import { validateDesign } from '@/lib/design';
import { importConfig } from '@/lib/iac';
import { createDesign } from '@/lib/store';
import { checkCaller } from './guard';
import { fail, ok, type ActionResult } from './result';

/** The largest file ImportRestApi takes (6 MB); more is not a config file. */
const MAX_CONFIG_BYTES = 6 * 1024 * 1024;

const createImportedSchema = z.object({
  text: z.string().min(1, 'Paste or upload a file first.').max(MAX_CONFIG_BYTES, 'The file is larger than 6 MB.'),
  /** Which of the methods found to create (indexes into the import's designs); all when absent. */
  indexes: z.array(z.number().int().min(0)).optional(),
});

export type CreatedDesign = { id: string; name: string; href: string };

/**
 * Creates designs from a pasted or uploaded config. The file is imported again here rather than trusting designs
 * sent by the browser; designs the doctor or validation would reject are created too, so they can be fixed in the wizard.
 */
export async function createImportedDesignsAction(input: unknown): Promise<ActionResult<CreatedDesign[]>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const parsed = createImportedSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', parsed.error.issues[0]?.message ?? 'Import request is malformed.');
  const result = importConfig(parsed.data.text);
  if (!result.ok) return fail('invalid_input', `Line ${result.error.line}: ${result.error.message}`);
  const chosen = parsed.data.indexes ?? result.designs.map((_, i) => i);
  if (chosen.length === 0 || chosen.some((i) => i >= result.designs.length)) return fail('invalid_input', 'Choose one of the methods found in the file.');
  const created = chosen.map((i) => {
    const design = result.designs[i]!.design;
    const validation = validateDesign(design);
    const stored = createDesign(design, furthestValidStep(validation.ok ? [] : validation.errors));
    return { id: stored.id, name: design.name, href: `/designs/${stored.id}/review` };
  });
  revalidatePath('/designs');
  return ok(created);
}

const adoptSchema = z.object({
  restApiId: z.string().regex(/^[a-z0-9]{1,32}$/, 'Not a REST API id.'),
  resourceId: z.string().regex(/^[a-z0-9]{1,32}$/, 'Not a resource id.'),
  httpMethod: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY']),
});

/** "Adopt into a design": a method deployed on the active connection becomes a design that keeps its API, queue and role. */
export async function adoptMethodAction(input: unknown): Promise<ActionResult<CreatedDesign>> {
  const denied = await checkCaller();
  if (denied) return denied;
  const parsed = adoptSchema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', parsed.error.issues[0]?.message ?? 'Adopt request is malformed.');
  let design;
  try {
    design = await adoptLiveMethod(await getActiveConnection(), parsed.data);
  } catch (err) {
    const info = toAwsErrorInfo(err);
    return fail(info.name === 'NotFoundException' ? 'not_found' : 'aws_error', `Could not read ${parsed.data.httpMethod} on ${parsed.data.restApiId}: ${info.message}`, { awsError: { name: info.name, message: info.message } });
  }
  const validation = validateDesign(design);
  const stored = createDesign(design, furthestValidStep(validation.ok ? [] : validation.errors));
  revalidatePath('/designs');
  return ok({ id: stored.id, name: design.name, href: `/designs/${stored.id}/review` });
}
