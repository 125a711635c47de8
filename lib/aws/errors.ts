import 'server-only';
import { z } from 'zod';

const optionalString = z.string().optional().catch(undefined);
/** What Sluice reads of a thrown value (SDK ServiceException, fetch's TypeError with `cause`); anything else is dropped. */
const thrownError = z.object({
  name: optionalString,
  message: optionalString,
  code: optionalString,
  Code: optionalString,
  $metadata: z.object({ requestId: optionalString, httpStatusCode: z.number().optional().catch(undefined) }).optional().catch(undefined),
  cause: z.object({ code: optionalString, message: optionalString }).optional().catch(undefined),
});
export type ThrownError = z.infer<typeof thrownError>;

/** The fields of a thrown value, parsed rather than assumed; `{}` for a non-object. */
export function readThrown(err: unknown): ThrownError {
  const parsed = thrownError.safeParse(err);
  return parsed.success ? parsed.data : {};
}

/** An AWS error reduced to what may reach the browser: name, message and request id — never the raw SDK object. */
export type AwsErrorInfo = { name: string; message: string; requestId?: string; httpStatus?: number };

export function toAwsErrorInfo(err: unknown): AwsErrorInfo {
  if (err && typeof err === 'object') {
    const e = readThrown(err);
    const name = e.name !== undefined && e.name !== 'Error' ? e.name : e.Code ?? 'Error';
    const message = e.message ?? String(err);
    const requestId = e.$metadata?.requestId;
    const httpStatus = e.$metadata?.httpStatusCode;
    return { name, message, ...(requestId ? { requestId } : {}), ...(httpStatus ? { httpStatus } : {}) };
  }
  return { name: 'Error', message: String(err) };
}

export function isNotFound(err: unknown): boolean {
  const name = toAwsErrorInfo(err).name;
  return ['NotFoundException', 'NoSuchEntity', 'NoSuchEntityException', 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'].includes(name);
}
