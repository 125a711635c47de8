import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { currentCaller } from '@/lib/auth/caller';
import { type Caller, hasRole, type Role } from '@/lib/auth/roles';
import { toAwsErrorInfo } from '@/lib/aws/errors';
import { fail, type ActionResult } from './result';

export type ActionContext = { caller: Caller };

type Options<S extends z.ZodType> = {
  /** The least role that may call the action (lib/auth/roles.ts). */
  role: Role;
  /** Parses the one argument the browser passes. */
  input: S;
  /** Message for input that does not parse (default: the first zod issue). */
  invalid?: string;
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
export function authorizedAction<T>(options: { role: Role; input?: never }, handler: (input: unknown, ctx: ActionContext) => Promise<ActionResult<T>>): () => Promise<ActionResult<T>>;
export function authorizedAction<T>(
  options: Omit<Options<z.ZodType>, 'input'> & { input?: z.ZodType },
  handler: (input: unknown, ctx: ActionContext) => Promise<ActionResult<T>>,
): (input?: unknown) => Promise<ActionResult<T>> {
  // An action without input ignores what it is called with (e.g. react-query's context when passed as queryFn).
  const schema = options.input ?? z.any().transform(() => undefined);
  return async (input?: unknown): Promise<ActionResult<T>> => {
    const caller = await currentCaller();
    if (!caller) return fail('forbidden', 'Sign in to use this console (at /login).');
    if (!hasRole(caller.role, options.role)) return fail('forbidden', `This needs the ${options.role} role; you are signed in as ${caller.name} with the ${caller.role} role. Ask an admin for access.`);
    const parsed = schema.safeParse(input);
    if (!parsed.success) return fail('invalid_input', options.invalid ?? parsed.error.issues[0]?.message ?? 'The input is not valid.', { fieldErrors: zodFieldErrors(parsed.error) });
    try {
      return await handler(parsed.data, { caller });
    } catch (err) {
      unstable_rethrow(err);
      if (err instanceof z.ZodError) return fail('invalid_input', err.issues[0]?.message ?? 'The input is not valid.', { fieldErrors: zodFieldErrors(err) });
      if (isAwsError(err)) {
        const info = toAwsErrorInfo(err);
        return fail('aws_error', `${info.name}: ${info.message}`, { awsError: { name: info.name, message: info.message } });
      }
      throw err;
    }
  };
}
