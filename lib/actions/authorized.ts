import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { currentCaller } from '@/lib/auth/caller';
import { type Caller, hasRole, type Role } from '@/lib/auth/roles';
import { toAwsErrorInfo } from '@/lib/aws/errors';
import { addAuditEntry } from '@/lib/store/audit';
import { designIdSchema } from './ids';
import { fail, type ActionResult } from './result';

/** What a handler tells the audit log about what it did (lib/store/audit.ts); the wrapper adds who, when and the result. */
export type AuditNote = { designId?: string; connectionId?: string; connectionName?: string; accountId?: string; summary?: string; calls?: string[] };
export type ActionContext = { caller: Caller; audit: AuditNote };

type Options<S extends z.ZodType> = {
  /** The least role that may call the action (lib/auth/roles.ts). */
  role: Role;
  /** Parses the one argument the browser passes. */
  input: S;
  /** Message for input that does not parse (default: the first zod issue). */
  invalid?: string;
  /** Name of a state-changing action (`design.delete`): each call, and each refusal, is written to the audit log. */
  audit?: string;
};

type Args<S extends z.ZodType> = undefined extends z.input<S> ? [input?: z.input<S>] : [input: z.input<S>];

/** Field path (`queue.name`) → messages, the shape ActionResult carries for errors shown next to a field. */
export function zodFieldErrors(error: z.ZodError): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const issue of error.issues) (map[issue.path.map(String).join('.') || '(root)'] ??= []).push(issue.message);
  return map;
}

/** AWS SDK v3 service errors carry `$metadata` (ServiceException); anything else is not an AWS answer. */
function isAwsError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && '$metadata' in err;
}

/**
 * Every server action is built with this: the caller check (signed in, with at least `role`), the zod parse of the
 * input, and the mapping of thrown errors to the one ActionResult union — an AWS SDK error becomes `aws_error` with
 * its name and message (never the raw object), a zod error `invalid_input` with field errors. Other errors, and
 * Next's redirect/notFound signals, are rethrown.
 */
export function authorizedAction<S extends z.ZodType, T>(options: Options<S>, handler: (input: z.output<S>, ctx: ActionContext) => Promise<ActionResult<T>>): (...args: Args<S>) => Promise<ActionResult<T>>;
export function authorizedAction<T>(options: { role: Role; input?: never; audit?: string }, handler: (input: unknown, ctx: ActionContext) => Promise<ActionResult<T>>): () => Promise<ActionResult<T>>;
export function authorizedAction<T>(
  options: Omit<Options<z.ZodType>, 'input'> & { input?: z.ZodType },
  handler: (input: unknown, ctx: ActionContext) => Promise<ActionResult<T>>,
): (input?: unknown) => Promise<ActionResult<T>> {
  // An action without input ignores what it is called with (e.g. react-query's context when passed as queryFn).
  const schema = options.input ?? z.any().transform(() => undefined);
  return async (input?: unknown): Promise<ActionResult<T>> => {
    const caller = await currentCaller();
    if (!caller) return fail('forbidden', 'Sign in to use this console (at /login).');
    const note: AuditNote = { ...designIdIn(input) };
    if (!hasRole(caller.role, options.role)) {
      const refused = fail('forbidden', `This needs the ${options.role} role; you are signed in as ${caller.name} with the ${caller.role} role. Ask an admin for access.`);
      await audit(options.audit, caller, note, refused);
      return refused;
    }
    const parsed = schema.safeParse(input);
    if (!parsed.success) return fail('invalid_input', options.invalid ?? parsed.error.issues[0]?.message ?? 'The input is not valid.', { fieldErrors: zodFieldErrors(parsed.error) });
    let result: ActionResult<T>;
    try {
      result = await handler(parsed.data, { caller, audit: note });
    } catch (err) {
      unstable_rethrow(err);
      if (err instanceof z.ZodError) result = fail('invalid_input', err.issues[0]?.message ?? 'The input is not valid.', { fieldErrors: zodFieldErrors(err) });
      else if (isAwsError(err)) {
        const info = toAwsErrorInfo(err);
        result = fail('aws_error', `${info.name}: ${info.message}`, { awsError: { name: info.name, message: info.message } });
      } else throw err;
    }
    await audit(options.audit, caller, note, result);
    return result;
  };
}

function designIdIn(input: unknown): { designId?: string } {
  const candidate = typeof input === 'string' ? input : typeof input === 'object' && input !== null && 'designId' in input ? input.designId : undefined;
  const parsed = designIdSchema.safeParse(candidate);
  return parsed.success ? { designId: parsed.data } : {};
}

async function audit(action: string | undefined, caller: Caller, note: AuditNote, result: ActionResult<unknown>): Promise<void> {
  if (!action) return;
  try {
    await addAuditEntry({
      actor: { id: caller.id, name: caller.name, role: caller.role },
      action,
      ...note,
      summary: note.summary ?? (result.ok ? action : result.message),
      calls: note.calls ?? [],
      result: result.ok ? 'ok' : result.code === 'forbidden' ? 'refused' : result.code,
      ...(result.ok ? {} : { message: result.message }),
    });
  } catch (err) {
    // The action has happened (or was refused) either way; a lost audit entry is reported, not turned into an error.
    console.error(`Could not write the audit entry for ${action}:`, err);
  }
}
