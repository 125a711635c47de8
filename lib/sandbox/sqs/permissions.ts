import 'server-only';
import { z } from 'zod';
import { inTransaction } from '@/lib/sandbox/db';
import type { Entry } from './input';
import { sqsErrors } from './errors';
import { authorize, getQueueOrThrow, queueArn, resolveQueueRef, str, strList, type OpContext, type OutObject } from './context';

const statementSchema = z.object({ Sid: z.string().optional() }).passthrough();
const policySchema = z.object({ Statement: z.union([z.array(statementSchema), statementSchema]).optional() }).passthrough();
type StoredPolicy = z.infer<typeof policySchema>;

function readPolicy(text: string | undefined): StoredPolicy | undefined {
  if (!text) return undefined;
  try {
    const parsed = policySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function statementsOf(p: StoredPolicy | undefined): z.infer<typeof statementSchema>[] {
  const s = p?.Statement;
  return s === undefined ? [] : Array.isArray(s) ? s : [s];
}

const invalidLabel = (label: string, reason: string) => sqsErrors.invalidValue(label, 'Label', reason);

/**
 * AddPermission writes the statement AWS generates into the queue's `Policy`: Sid = label, the accounts' roots as
 * principals, `SQS:{action}` actions (SQS-API AddPermission). `shareable` lists the actions a queue policy can grant
 * to another account; other known actions are the owner's only.
 */
export function addPermission(ctx: OpContext, input: Entry, shareable: ReadonlySet<string>, known: ReadonlySet<string>): OutObject {
  const ref = resolveQueueRef(ctx, input);
  const arn = queueArn(ctx.region, ref);
  authorize(ctx, arn);
  const label = str(input, 'Label');
  if (label === undefined) throw sqsErrors.missingParameter('Label');
  const accounts = strList(input, 'AWSAccountIds');
  const actions = strList(input, 'Actions');
  if (accounts.length === 0) throw sqsErrors.invalidValue('[]', 'PrincipalId', 'Unable to verify.');
  if (actions.length === 0) throw sqsErrors.missingParameter('Actions');
  if (actions.length > 7) throw sqsErrors.overLimit(`${actions.length} Actions were found, maximum allowed is 7.`);
  for (const a of actions) {
    if (a === '*' || shareable.has(a)) continue;
    const reason = known.has(a)
      ? 'Only the queue owner is allowed to invoke this action.'
      : 'Please refer to the appropriate WSDL for a list of valid actions.';
    throw sqsErrors.invalidValue(`SQS:${a}`, 'ActionName', reason);
  }
  return inTransaction(ctx.rt.store.db, () => {
    const q = getQueueOrThrow(ctx, ref);
    const policy = readPolicy(q.attributes.Policy) ?? { Version: '2012-10-17', Id: `${arn}/SQSDefaultPolicy` };
    const statements = statementsOf(policy);
    if (statements.some((s) => s.Sid === label)) throw invalidLabel(label, 'Already exists.');
    const principals = accounts.map((a) => `arn:aws:iam::${a}:root`);
    const sqsActions = actions.map((a) => `SQS:${a}`);
    statements.push({
      Sid: label,
      Effect: 'Allow',
      Principal: { AWS: principals.length === 1 ? principals[0] : principals },
      Action: sqsActions.length === 1 ? sqsActions[0] : sqsActions,
      Resource: arn,
    });
    ctx.rt.store.updateQueueAttributes(q.id, { ...q.attributes, Policy: JSON.stringify({ ...policy, Statement: statements }) }, Date.now());
    return {};
  });
}

export function removePermission(ctx: OpContext, input: Entry): OutObject {
  const ref = resolveQueueRef(ctx, input);
  authorize(ctx, queueArn(ctx.region, ref));
  const label = str(input, 'Label');
  if (label === undefined) throw sqsErrors.missingParameter('Label');
  return inTransaction(ctx.rt.store.db, () => {
    const q = getQueueOrThrow(ctx, ref);
    const policy = readPolicy(q.attributes.Policy);
    const statements = statementsOf(policy);
    const kept = statements.filter((s) => s.Sid !== label);
    if (!policy || kept.length === statements.length) throw invalidLabel(label, "can't find label on existing policy.");
    const attributes = { ...q.attributes };
    if (kept.length === 0) delete attributes.Policy;
    else attributes.Policy = JSON.stringify({ ...policy, Statement: kept });
    ctx.rt.store.updateQueueAttributes(q.id, attributes, Date.now());
    return {};
  });
}
