import { describe, expect, it } from 'vitest';
import { isNotFound, readThrown, toAwsErrorInfo } from './errors';

class ServiceError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly $metadata: unknown,
  ) {
    super(message);
  }
}

describe('reading thrown errors', () => {
  it('keeps the name, message, request id and status of an SDK error', () => {
    const err = new ServiceError('QueueDoesNotExist', 'The specified queue does not exist.', { requestId: 'req-1', httpStatusCode: 400 });
    expect(toAwsErrorInfo(err)).toEqual({ name: 'QueueDoesNotExist', message: 'The specified queue does not exist.', requestId: 'req-1', httpStatus: 400 });
    expect(isNotFound(err)).toBe(true);
  });

  it('uses the query protocol Code when the name is the generic Error, and drops fields of the wrong type', () => {
    expect(toAwsErrorInfo({ name: 'Error', Code: 'AccessDenied', message: 'denied', $metadata: { requestId: 7, httpStatusCode: '403' } })).toEqual({ name: 'AccessDenied', message: 'denied' });
    expect(toAwsErrorInfo({ name: 42, message: ['x'], $metadata: 'oops' })).toEqual({ name: 'Error', message: '[object Object]' });
  });

  it("reads fetch's network error code from its cause, and nothing from a thrown string", () => {
    expect(readThrown(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' } })).cause).toEqual({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' });
    expect(readThrown('boom')).toEqual({});
    expect(toAwsErrorInfo('boom')).toEqual({ name: 'Error', message: 'boom' });
  });
});
