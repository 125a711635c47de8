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
import { authorizedAction } from './authorized';
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
export const createImportedDesignsAction = authorizedAction(
  { role: 'tester', input: createImportedSchema, invalid: 'Import request is malformed.', audit: 'design.import' },
  async ({ text, indexes }, ctx): Promise<ActionResult<CreatedDesign[]>> => {
    const result = importConfig(text);
    if (!result.ok) return fail('invalid_input', `Line ${result.error.line}: ${result.error.message}`);
    const chosen = indexes ?? result.designs.map((_, i) => i);
    if (chosen.length === 0 || chosen.some((i) => i >= result.designs.length)) return fail('invalid_input', 'Choose one of the methods found in the file.');
    const created: CreatedDesign[] = [];
    for (const i of chosen) {
      const design = result.designs[i]!.design;
      const validation = validateDesign(design);
      const stored = await createDesign(design, furthestValidStep(validation.ok ? [] : validation.errors));
      created.push({ id: stored.id, name: design.name, href: `/designs/${stored.id}/review` });
    }
    ctx.audit.summary = `Imported ${created.length} design${created.length === 1 ? '' : 's'} from a ${result.format} file`;
    revalidatePath('/designs');
    return ok(created);
  },
);

const adoptSchema = z.object({
  restApiId: z.string().regex(/^[a-z0-9]{1,32}$/, 'Not a REST API id.'),
  resourceId: z.string().regex(/^[a-z0-9]{1,32}$/, 'Not a resource id.'),
  httpMethod: z.string().pipe(z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'], 'Not an HTTP method API Gateway serves.')),
});

/** "Adopt into a design": a method deployed on the active connection becomes a design that keeps its API, queue and role. */
export const adoptMethodAction = authorizedAction(
  { role: 'tester', input: adoptSchema, invalid: 'Adopt request is malformed.', audit: 'design.adopt' },
  async (target, ctx): Promise<ActionResult<CreatedDesign>> => {
    const connection = await getActiveConnection();
    Object.assign(ctx.audit, { connectionId: connection.id, connectionName: connection.name, summary: `Adopted ${target.httpMethod} of REST API ${target.restApiId}` });
    let design;
    try {
      design = await adoptLiveMethod(connection, target);
    } catch (err) {
      const info = toAwsErrorInfo(err);
      return fail(info.name === 'NotFoundException' ? 'not_found' : 'aws_error', `Could not read ${target.httpMethod} on ${target.restApiId}: ${info.message}`, { awsError: { name: info.name, message: info.message } });
    }
    const validation = validateDesign(design);
    const stored = await createDesign(design, furthestValidStep(validation.ok ? [] : validation.errors));
    ctx.audit.designId = stored.id;
    revalidatePath('/designs');
    return ok({ id: stored.id, name: design.name, href: `/designs/${stored.id}/review` });
  },
);
