import 'server-only';

/** An AWS error reduced to what may reach the browser: name, message and request id — never the raw SDK object. */
export type AwsErrorInfo = { name: string; message: string; requestId?: string; httpStatus?: number };

export function toAwsErrorInfo(err: unknown): AwsErrorInfo {
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; message?: unknown; $metadata?: { requestId?: unknown; httpStatusCode?: unknown }; Code?: unknown };
    const name = typeof e.name === 'string' && e.name !== 'Error' ? e.name : typeof e.Code === 'string' ? e.Code : 'Error';
    const message = typeof e.message === 'string' ? e.message : String(err);
    const requestId = typeof e.$metadata?.requestId === 'string' ? e.$metadata.requestId : undefined;
    const httpStatus = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
    return { name, message, ...(requestId ? { requestId } : {}), ...(httpStatus ? { httpStatus } : {}) };
  }
  return { name: 'Error', message: String(err) };
}

export function isNotFound(err: unknown): boolean {
  const name = toAwsErrorInfo(err).name;
  return ['NotFoundException', 'NoSuchEntity', 'NoSuchEntityException', 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'].includes(name);
}
