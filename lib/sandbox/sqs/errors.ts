import 'server-only';
import { SQS_ERRORS, type SqsErrorName, type SqsErrorSpec } from '@/lib/sqs/errors';

/** An SQS error with both of its wire names (lib/sqs/errors.ts) and its message. */
export class SqsError extends Error {
  readonly shape: string;
  readonly queryCode: string;
  readonly status: number;
  readonly namespace: SqsErrorSpec['namespace'];

  constructor(spec: SqsErrorSpec, message: string) {
    super(message);
    this.shape = spec.shape;
    this.queryCode = spec.queryCode;
    this.status = spec.status;
    this.namespace = spec.namespace;
  }
}

const e = (name: SqsErrorName, message: string) => new SqsError(SQS_ERRORS[name], message);

/**
 * Errors that are not in the SQS Smithy model (InvalidParameterValue, MissingParameter, AccessDenied, …) come from
 * AWS's service framework with a `com.amazon.coral.service#` type; SDK v3 then names them by the
 * `x-amzn-query-error` code (e.g. `InvalidParameterValue`), exactly as it does against AWS.
 */
export const sqsErrors = {
  unknownOperation: (message = '') => e('UnknownOperation', message),
  invalidAction: (action: string) => e('InvalidAction', `The action ${action} is not valid for this endpoint.`),
  missingParameter: (name: string) => e('MissingParameter', `The request must contain the parameter ${name}.`),
  serialization: (message: string) => e('Serialization', message),
  invalidAddress: (address: string) => e('InvalidAddress', `The address ${address} is not valid for this endpoint.`),
  nonExistentQueue: (protocol: 'json' | 'query') =>
    e('QueueDoesNotExist', protocol === 'json' ? 'The specified queue does not exist.' : 'The specified queue does not exist for this wsdl version.'),
  invalidParameterValue: (message: string) => e('InvalidParameterValue', message),
  invalidValue: (value: string, parameter: string, reason: string) =>
    e('InvalidParameterValue', `Value ${value} for parameter ${parameter} is invalid. Reason: ${reason}`),
  malformedQueryString: (message: string) => e('MalformedQueryString', message),
  invalidMessageContents: (message: string) => e('InvalidMessageContents', message),
  accessDenied: (message: string) => e('AccessDenied', message),
  kmsAccessDenied: (message: string) => e('KmsAccessDenied', message),
  queueNameExists: (attribute: string) =>
    e('QueueNameExists', `A queue already exists with the same name and a different value for attribute ${attribute}`),
  invalidAttributeName: (name: string) => e('InvalidAttributeName', `Unknown Attribute ${name}.`),
  invalidAttributeNameMessage: (message: string) => e('InvalidAttributeName', message),
  receiptHandleExpired: (handle: string) =>
    e('InvalidParameterValue', `Value ${handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`),
  invalidAttributeValue: (name: string, reason?: string) =>
    e('InvalidAttributeValue', reason ? `Invalid value for the parameter ${name}. Reason: ${reason}` : `Invalid value for the parameter ${name}.`),
  receiptHandleIsInvalid: (handle: string) =>
    e('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`),
  emptyBatch: (entryName: string) => e('EmptyBatchRequest', `There should be at least one ${entryName} in the request.`),
  tooManyEntries: (n: number) =>
    e('TooManyEntriesInBatchRequest', `Maximum number of entries per request are 10. You have sent ${n}.`),
  batchIdsNotDistinct: (id: string) => e('BatchEntryIdsNotDistinct', `Id ${id} repeated.`),
  invalidBatchEntryId: () =>
    e('InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.'),
  batchRequestTooLong: (limit: number, size: number) =>
    e('BatchRequestTooLong', `Batch requests cannot be longer than ${limit} bytes. You have sent ${size} bytes.`),
  purgeInProgress: (arn: string) =>
    e('PurgeQueueInProgress', `Only one PurgeQueue operation on ${arn} is allowed every 60 seconds.`),
  resourceNotFound: (message: string) => e('ResourceNotFound', message),
  unsupportedOperation: (message: string) => e('UnsupportedOperation', message),
  overLimit: (message: string) => e('OverLimit', message),
};
