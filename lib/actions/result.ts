/** The one result type of every server action (docs/style.md): expected failures are values, not exceptions. */
export type ActionErrorCode = 'invalid_input' | 'not_found' | 'conflict' | 'aws_error' | 'forbidden';

export type ActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      code: ActionErrorCode;
      message: string;
      /** Field path (e.g. `queue.name`) → messages, for errors shown next to the field. */
      fieldErrors?: Record<string, string[]>;
      /** An AWS error, reduced to its name and message: raw SDK errors never reach the browser. */
      awsError?: { name: string; message: string };
    };

export function ok<T>(data: T): ActionResult<T> {
  return { ok: true, data };
}

export function fail(code: ActionErrorCode, message: string, extra: Omit<Extract<ActionResult<never>, { ok: false }>, 'ok' | 'code' | 'message'> = {}): ActionResult<never> {
  return { ok: false, code, message, ...extra };
}
